import { Type } from '@sinclair/typebox'

import type { BackboneValue } from '../../backbone/backbone-value'
import type { NodeContext } from '../../contract/context'
import { defineNode } from '../../contract/define-node'
import { loadSamplePool, poolSaliency } from '../../defectmaker/load-pool'
import { registerConvFilterGradient } from '../../finetune/conv-filter-grad'
import { finetuneBackboneOnnx } from '../../finetune/onnx-train-ssl'
import { REFERENCE_SGD } from '../../finetune/sgd'
import { finetuneBackbone, type FinetuneResult, type FinetuneSettings, type UpdateReport } from '../../finetune/train-ssl'
import { hashWeights } from '../../finetune/weights-hash'

/** The fine-tuned backbone: same architecture and weight names, new weights, provenance that says how. */
function fineTunedValue(input: BackboneValue, result: FinetuneResult, settings: FinetuneSettings, engine: string, makerNames: string[]): BackboneValue {
  const headNote =
    result.headStage === 'layer4'
      ? 'SSL head on layer4 as in the reference'
      : `SSL head on ${result.headStage} (no layer4 weights loaded; the reference puts it on layer4)`
  const last = result.losses.at(-1)
  return {
    ...input,
    name: `${input.name}+reb-ssl`,
    weights: result.weights,
    weightsHash: hashWeights(result.weights),
    provenance:
      `${input.provenance}; REB self-supervised fine-tuning: ${settings.updates} updates of ` +
      `${settings.microBatches} x ${settings.itemsPerMicroBatch} items x ${1 + makerNames.length} images ` +
      `(${1 + makerNames.length} classes: normal, ${makerNames.join(', ')}), trainable ${settings.trainableStages.join('+') || 'none'} ` +
      `after ${settings.freezeUpdates} head-only updates, peak lr ${settings.sgd?.lr ?? REFERENCE_SGD.lr}, seed ${settings.seed}, ${engine}; ${headNote}` +
      (last === undefined ? '' : `; final loss ${last.toFixed(4)}`),
  }
}

/** Which trainer runs: onnxruntime (hand-written backward graph) or TensorFlow.js autodiff. */
type TrainingEngine = { kind: 'onnxruntime'; label: string } | { kind: 'tfjs'; label: string; tf: Awaited<ReturnType<NodeContext['engines']['tfjs']>> }

/**
 * 'auto' keeps TensorFlow.js where a native backend (tfjs-node, tfjs-node-gpu) loads, and otherwise
 * trains on onnxruntime, several times faster than tfjs-wasm on a CPU.
 */
async function chooseTrainingEngine(ctx: NodeContext, engine: 'auto' | 'onnxruntime' | 'tfjs'): Promise<TrainingEngine> {
  if (engine !== 'onnxruntime') {
    const tf = await ctx.engines.tfjs()
    const backend = ctx.engines.describe().tfjs.backend ?? tf.getBackend()
    if (engine === 'tfjs' || backend.startsWith('tfjs-node')) {
      if (backend === 'wasm') registerConvFilterGradient(tf)
      ctx.log.info(`fine-tuning on TensorFlow.js backend ${backend}${backend === 'wasm' ? ' (conv gradients built from forward convolutions)' : ''}`)
      return { kind: 'tfjs', label: `tfjs ${backend}`, tf }
    }
  }
  const provider = ctx.engines.options.provider ?? 'cpu'
  ctx.log.info(`fine-tuning on onnxruntime (${provider}): forward and hand-written backward in one graph, SGD in JS`)
  return { kind: 'onnxruntime', label: `onnxruntime ${provider}` }
}

/** backbone.finetune: REB's self-supervised fine-tuning on synthetic defects. */
export const backboneFinetuneNode = defineNode({
  type: 'backbone.finetune',
  typeVersion: 1,
  title: 'Fine-tune backbone (REB SSL)',
  category: 'backbone',
  description:
    'Fine-tunes the backbone on normal training images to tell normal from each connected DefectMaker (one-vs-rest sigmoid BCE, MLP head, SGD with momentum, cosine warm restarts, head-only first updates, gradient accumulation). Trains on onnxruntime (a hand-written backward graph) or TensorFlow.js (see engine); checkpoints to the cache and resumes. The head sits on the deepest loaded stage (layer3 for a conv1..layer3 trunk).',
  inputs: {
    backbone: { type: 'Backbone' },
    dataset: { type: 'Dataset', description: 'Its normal training images are the base images and cut-paste sources' },
    makers: { type: 'DefectMaker', multiple: true, description: 'One class each, in connection order (labels 1..n; 0 = normal)' },
  },
  outputs: { backbone: { type: 'Backbone', description: 'Same architecture and weight names, fine-tuned weights' } },
  params: Type.Object({
    updates: Type.Integer({ minimum: 0, default: 30, description: 'Optimiser updates (the reference: 300 of 1008 images each); 0 passes the backbone through unchanged' }),
    itemsPerMicroBatch: Type.Integer({ minimum: 1, default: 2, description: 'Base images per forward pass; each gives 1 + makers images' }),
    microBatches: Type.Integer({ minimum: 1, default: 3, description: 'Forward passes accumulated per update (keeps wasm under its 4 GiB)' }),
    imageSize: Type.Integer({ minimum: 32, maximum: 1024, default: 256, description: 'Training image side in pixels' }),
    trainableStages: Type.Array(Type.String(), { default: ['layer3'], description: 'Stages that train after the freeze, e.g. ["layer2", "layer3"]' }),
    freezeUpdates: Type.Integer({ minimum: 0, default: 4, description: 'Head-only updates first (39 of 300 in the reference)' }),
    maxTrainImages: Type.Integer({ minimum: 0, default: 0, description: 'Use at most this many training images; 0 = all' }),
    checkpointEvery: Type.Integer({ minimum: 0, default: 5, description: 'Checkpoint every N updates (0 = never); a rerun resumes from it' }),
    learningRate: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.03, description: 'Peak SGD learning rate of the cosine schedule (the reference: 0.03 for updates of 1008 images; smaller updates may want less)' }),
    seed: Type.Integer({ default: 0, description: 'Random seed of the head, the data draws and the defects' }),
    engine: Type.Union([
      Type.Literal('auto', { title: 'tfjs-node(-gpu) where it loads, else onnxruntime' }),
      Type.Literal('onnxruntime', { title: 'hand-written backward graph, fastest on a CPU' }),
      Type.Literal('tfjs', { title: 'TensorFlow.js autodiff on the best backend found' }),
    ], {
      default: 'auto',
      description: 'Trainer: onnxruntime (forward + hand-written backward graph, SGD in JS), tfjs (TensorFlow.js autodiff), or auto: tfjs where tfjs-node(-gpu) loads, else onnxruntime',
    }),
  }),
  run: async (ctx, inputs, params) => {
    if (params.updates === 0) {
      // lets one template serve both the ImageNet baseline and the fine-tuned pipeline
      ctx.log.info('updates = 0: the backbone passes through unchanged (no fine-tuning)')
      return { backbone: inputs.backbone }
    }
    const engine = await chooseTrainingEngine(ctx, params.engine)
    const saliency = poolSaliency(inputs.makers, (m) => ctx.log.warn(m))
    if (saliency.substitute) ctx.log.warn(saliency.note)
    const sources = params.maxTrainImages > 0 ? inputs.dataset.train.slice(0, params.maxTrainImages) : inputs.dataset.train
    const pool = await loadSamplePool(sources, { size: params.imageSize, resample: inputs.dataset.resample, fit: inputs.dataset.fit, saliency, signal: ctx.signal, onProgress: (d, t) => ctx.progress(0, params.updates, `loading image ${d}/${t}`) })
    const { learningRate, engine: _engine, ...rest } = params
    const settings: FinetuneSettings = { ...rest, seed: params.seed, sgd: { ...REFERENCE_SGD, lr: learningRate } }
    const job = {
      backbone: inputs.backbone, pool, makers: inputs.makers, settings, signal: ctx.signal, checkpointDir: ctx.scratchDir,
      onUpdate: (r: UpdateReport) => ctx.progress(r.update, r.updates, `update ${r.update}/${r.updates} loss ${r.loss.toFixed(4)} ${r.imagesPerSecond.toFixed(2)} img/s lr ${r.lr.toFixed(5)}${r.frozen ? ' (head only)' : ''} [${engine.label}]`),
    }
    const result = engine.kind === 'tfjs' ? await finetuneBackbone({ ...job, tf: engine.tf }) : await finetuneBackboneOnnx({ ...job, engines: ctx.engines })
    if (result.resumedUpdates > 0) ctx.log.info(`resumed from checkpoint after ${result.resumedUpdates} updates`)
    if (result.headStage !== 'layer4') ctx.log.warn(`no layer4 weights: the SSL head sits on ${result.headStage} instead`)
    ctx.log.info(`fine-tuning throughput ${result.imagesPerSecond.toFixed(2)} images/s on ${engine.label}`)
    return { backbone: fineTunedValue(inputs.backbone, result, settings, engine.label, inputs.makers.map((m) => m.name)) }
  },
})
