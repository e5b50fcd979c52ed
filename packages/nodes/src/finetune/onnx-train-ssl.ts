import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node'

import { type ArchitectureSpec, listConvLayers } from '../backbone/architecture'
import { throwIfCancelled } from '../contract/errors'
import { createRandom } from '../contract/random'
import type { FloatTensor } from '../contract/tensor'
import type { Engines } from '../engine/engines'
import { createOnnxSession } from '../onnx/session'
import { type ArrayTrainingState, loadArrayCheckpoint, saveArrayCheckpoint } from './checkpoint'
import { buildTrainGraph, gradOutput, type TrainGraph, TRAIN_IMAGE_INPUT, TRAIN_LOSS_OUTPUT, TRAIN_TARGETS_INPUT } from './onnx-train-graph'
import { buildSslBatch, type SslBatch } from './ssl-batch'
import { initialHeadParams } from './ssl-head'
import { learningRate, REFERENCE_SGD, sgdStepArrays } from './sgd'
import { stageOfConv } from './tf-trunk'
import type { FinetuneJob, FinetuneResult, UpdateReport } from './train-ssl'
import { trainingSpec } from './training-spec'

/** A fine-tuning job for the onnxruntime trainer: the tfjs job with the engines instead of tfjs. */
export type OnnxFinetuneJob = Omit<FinetuneJob, 'tf'> & { engines: Engines }

const HIDDEN = [512, 256]

interface Phase {
  session: InferenceSession
  params: string[]
}

/** Trainer state: parameters (trainable convs and the head) and momentum, as plain arrays. */
interface Trainer {
  job: OnnxFinetuneJob
  spec: ArchitectureSpec
  classes: number
  imageSize: number
  params: Map<string, FloatTensor>
  momentum: Map<string, FloatTensor>
  phases: { headOnly?: Phase; full?: Phase }
}

function createTrainer(job: OnnxFinetuneJob): Trainer {
  const { settings, backbone } = job
  const spec = trainingSpec(backbone, settings.trainableStages, job.architecture)
  const first = job.pool.samples[0]
  if (!first) throw new RangeError('fine-tuning: the training image pool is empty')
  const classes = 1 + job.makers.length
  // the same seed string as the tfjs trainer, so both start from the same head
  const params = initialHeadParams(spec.stages.at(-1)!.outChannels, classes, createRandom(`${settings.seed}/head`), HIDDEN)
  const trainable = new Set(settings.trainableStages)
  for (const conv of listConvLayers(spec)) {
    if (!trainable.has(stageOfConv(conv.name))) continue
    for (const suffix of ['weight', 'bias']) {
      const tensor = backbone.weights[`${conv.name}.${suffix}`]
      if (!tensor) throw new RangeError(`backbone ${spec.arch}: weights "${conv.name}.${suffix}" are needed for fine-tuning`)
      params.set(`${conv.name}.${suffix}`, { dtype: 'float32', shape: [...tensor.shape], data: Float32Array.from(tensor.data) })
    }
  }
  return { job, spec, classes, imageSize: first.image.width, params, momentum: new Map(), phases: {} }
}

/** The session of the head-only phase or of the full phase, built on first use. */
async function phaseSession(trainer: Trainer, headOnly: boolean): Promise<Phase> {
  const key = headOnly ? 'headOnly' : 'full'
  const known = trainer.phases[key]
  if (known) return known
  const { job } = trainer
  const graph: TrainGraph = buildTrainGraph({
    spec: trainer.spec,
    imageSize: trainer.imageSize,
    preprocess: job.backbone.preprocess,
    weights: job.backbone.weights,
    trainableStages: new Set(headOnly ? [] : job.settings.trainableStages),
    classes: trainer.classes,
    hidden: HIDDEN,
  })
  const { session } = await createOnnxSession(job.engines, graph.model)
  const phase = { session, params: graph.params }
  trainer.phases[key] = phase
  return phase
}

function oneHot(labels: number[], classes: number): Float32Array {
  const targets = new Float32Array(labels.length * classes)
  labels.forEach((label, i) => (targets[i * classes + label] = 1))
  return targets
}

/** Runs one micro-batch; adds its gradients (scaled by 1/microBatches) into `sums`; returns its loss. */
async function microBatchStep(trainer: Trainer, phase: Phase, batch: SslBatch, sums: Map<string, Float32Array>): Promise<number> {
  const ort = await trainer.job.engines.onnx()
  const feeds: Record<string, OrtTensor> = {
    [TRAIN_IMAGE_INPUT]: new ort.Tensor('float32', batch.pixels, [batch.count, batch.size, batch.size, 3]),
    [TRAIN_TARGETS_INPUT]: new ort.Tensor('float32', oneHot(batch.labels, trainer.classes), [batch.count, trainer.classes]),
  }
  for (const name of phase.params) {
    const p = trainer.params.get(name)!
    feeds[name] = new ort.Tensor('float32', p.data, p.shape)
  }
  const out = await phase.session.run(feeds)
  const scale = 1 / trainer.job.settings.microBatches
  for (const name of phase.params) {
    const grad = out[gradOutput(name)]!.data as Float32Array
    const sum = sums.get(name)
    if (!sum) {
      sums.set(name, Float32Array.from(grad, (v) => v * scale))
      continue
    }
    for (let i = 0; i < grad.length; i++) sum[i]! += grad[i]! * scale
  }
  return (out[TRAIN_LOSS_OUTPUT]!.data as Float32Array)[0]!
}

/** One optimiser update over `microBatches` micro-batches; the batch synthesis is timed with it. */
async function runUpdate(trainer: Trainer, update: number): Promise<UpdateReport> {
  const { settings, pool, makers, signal } = trainer.job
  const sgd = settings.sgd ?? REFERENCE_SGD
  const frozen = update < settings.freezeUpdates
  const phase = await phaseSession(trainer, frozen)
  const started = performance.now()
  const sums = new Map<string, Float32Array>()
  let loss = 0
  let images = 0
  for (let micro = 0; micro < settings.microBatches; micro++) {
    if (signal) throwIfCancelled(signal)
    // the same draws as the tfjs trainer for the same seed, update and micro-batch
    const batch = buildSslBatch(pool, makers, settings.itemsPerMicroBatch, createRandom(`${settings.seed}/update-${update}/micro-${micro}`))
    loss += (await microBatchStep(trainer, phase, batch, sums)) / settings.microBatches
    images += batch.count
  }
  const lr = learningRate(sgd, update)
  const arrays = new Map(phase.params.map((name) => [name, trainer.params.get(name)!.data]))
  const buffers = new Map([...trainer.momentum].map(([name, m]) => [name, m.data]))
  sgdStepArrays(arrays, sums, buffers, lr, sgd)
  for (const [name, data] of buffers) if (!trainer.momentum.has(name)) trainer.momentum.set(name, { dtype: 'float32', shape: trainer.params.get(name)!.shape, data })
  const seconds = (performance.now() - started) / 1000
  return { update: update + 1, updates: settings.updates, loss, imagesPerSecond: images / seconds, lr, frozen }
}

async function restore(trainer: Trainer, signature: string): Promise<number> {
  const dir = trainer.job.checkpointDir
  if (!dir) return 0
  const shapes = new Map([...trainer.params].map(([name, p]) => [name, p.shape] as const))
  const stored = await loadArrayCheckpoint(dir, signature, shapes)
  if (!stored) return 0
  for (const [name, p] of stored.params) trainer.params.set(name, { ...p, data: Float32Array.from(p.data) })
  for (const [name, m] of stored.momentum) trainer.momentum.set(name, { ...m, data: Float32Array.from(m.data) })
  return Math.min(stored.completedUpdates, trainer.job.settings.updates)
}

/**
 * Self-supervised fine-tuning of REB-METHOD 4 on onnxruntime: the same task, head, loss, optimiser,
 * schedule, freeze and batch draws as {@link finetuneBackbone} (tfjs), but each micro-batch's forward
 * and backward run as one onnxruntime graph (onnx-train-graph.ts) and the SGD step runs in JS on
 * Float32Arrays. Checkpoints and resumes like the tfjs trainer (its own signature: the two engines'
 * rounding differs, so one never resumes the other's run).
 */
export async function finetuneBackboneOnnx(job: OnnxFinetuneJob): Promise<FinetuneResult> {
  const { settings } = job
  const trainer = createTrainer(job)
  const signature = JSON.stringify({ engine: 'onnxruntime', settings: { ...settings, updates: undefined }, weights: job.backbone.weightsHash, makers: job.makers })
  try {
    const resumed = await restore(trainer, signature)
    const losses: number[] = []
    let seconds = 0
    let images = 0
    for (let update = resumed; update < settings.updates; update++) {
      const report = await runUpdate(trainer, update)
      const count = settings.itemsPerMicroBatch * settings.microBatches * trainer.classes
      losses.push(report.loss)
      seconds += count / report.imagesPerSecond
      images += count
      job.onUpdate?.(report)
      const due = settings.checkpointEvery > 0 && ((update + 1) % settings.checkpointEvery === 0 || update + 1 === settings.updates)
      if (due && job.checkpointDir) {
        const state: ArrayTrainingState = { params: trainer.params, momentum: trainer.momentum, completedUpdates: update + 1 }
        await saveArrayCheckpoint(job.checkpointDir, state, signature)
      }
      await new Promise((resolve) => setImmediate(resolve)) // let cancel and progress events through
    }
    const trained = Object.fromEntries([...trainer.params].filter(([name]) => !name.startsWith('head.')))
    return { weights: { ...job.backbone.weights, ...trained }, headStage: trainer.spec.stages.at(-1)!.name, losses, imagesPerSecond: seconds > 0 ? images / seconds : 0, resumedUpdates: resumed }
  } finally {
    for (const phase of Object.values(trainer.phases)) await phase.session.release()
  }
}
