import type * as tfType from '@tensorflow/tfjs'

import { type ArchitectureSpec, listConvLayers } from '../backbone/architecture'
import type { BackboneValue } from '../backbone/backbone-value'
import { throwIfCancelled } from '../contract/errors'
import { createRandom } from '../contract/random'
import type { FloatTensor } from '../contract/tensor'
import type { DefectMakerConfig } from '../defectmaker/defect-values'
import type { SamplePool } from '../defectmaker/sample-pool'
import { loadCheckpoint, saveCheckpoint } from './checkpoint'
import { buildSslBatch } from './ssl-batch'
import { createSslHead, headForward, type SslHead, sigmoidBceLoss } from './ssl-head'
import { learningRate, REFERENCE_SGD, type SgdOptions, sgdStep } from './sgd'
import { applyStages, applyStem, createTrunkParams, preprocessInput, stageOfConv, type TfTrunkParams, trunkParamsToWeights } from './tf-trunk'
import { trainingSpec } from './training-spec'

type Tf = typeof tfType

/** Settings of one fine-tuning run (REB-METHOD 4, scaled to what a CPU can do). */
export interface FinetuneSettings {
  updates: number
  itemsPerMicroBatch: number
  /** Micro-batches accumulated into one update (the reference: 3 x 48 items). */
  microBatches: number
  /** Stages whose convolutions train after the freeze (e.g. ['layer3']); others stay fixed. */
  trainableStages: string[]
  /** Updates during which only the head trains (39 of 300 in the reference). */
  freezeUpdates: number
  seed: string | number
  /** Write a checkpoint every this many updates (and after the last one); 0 disables them. */
  checkpointEvery: number
  sgd?: SgdOptions
}

/** What the trainer reports after each update. */
export interface UpdateReport {
  update: number
  updates: number
  loss: number
  imagesPerSecond: number
  lr: number
  frozen: boolean
}

/** Everything a run needs; `architecture` overrides the catalog description (tests use tiny nets). */
export interface FinetuneJob {
  tf: Tf
  backbone: BackboneValue
  pool: SamplePool
  makers: DefectMakerConfig[]
  settings: FinetuneSettings
  architecture?: ArchitectureSpec
  signal?: AbortSignal
  checkpointDir?: string
  onUpdate?: (report: UpdateReport) => void
}

/** The outcome: the trunk's new weights (same names and shapes) and how training went. */
export interface FinetuneResult {
  weights: Record<string, FloatTensor>
  /** The stage the head sat on (the deepest one with weights: layer3 for the shared trunk). */
  headStage: string
  losses: number[]
  /** Images per second over the updates this call ran. */
  imagesPerSecond: number
  /** Updates restored from a checkpoint instead of being run. */
  resumedUpdates: number
}

interface Model {
  spec: ArchitectureSpec
  trunk: TfTrunkParams
  head: SslHead
  trainable: Set<string>
}

function buildModel(job: FinetuneJob): Model {
  const { tf, backbone, settings } = job
  const spec = trainingSpec(backbone, settings.trainableStages, job.architecture)
  const trainable = new Set(settings.trainableStages)
  const trunk = createTrunkParams(tf, spec, backbone.weights, listConvLayers(spec), trainable)
  const channels = spec.stages.at(-1)!.outChannels
  const head = createSslHead(tf, channels, 1 + job.makers.length, createRandom(`${settings.seed}/head`))
  return { spec, trunk, head, trainable }
}

/** The variables that learn in this update: the head always, trainable stages after the freeze. */
function variablesFor(model: Model, frozen: boolean): Map<string, tfType.Variable> {
  const vars = new Map<string, tfType.Variable>(model.head.variables)
  if (frozen) return vars
  for (const [name, conv] of model.trunk) {
    if (!model.trainable.has(stageOfConv(name))) continue
    vars.set(`${name}.weight`, conv.filter)
    vars.set(`${name}.bias`, conv.bias)
  }
  return vars
}

/** Every variable a checkpoint must hold. */
function allVariables(model: Model): Map<string, tfType.Variable> {
  const vars = new Map<string, tfType.Variable>(model.head.variables)
  for (const [name, conv] of model.trunk) {
    vars.set(`${name}.weight`, conv.filter)
    vars.set(`${name}.bias`, conv.bias)
  }
  return vars
}

/** Loss of one micro-batch; adds its gradients (scaled by 1/microBatches) into `sums`. */
function microBatchStep(job: FinetuneJob, model: Model, vars: Map<string, tfType.Variable>, update: number, micro: number, sums: Map<string, tfType.Tensor>): { loss: number; images: number } {
  const { tf, settings } = job
  const batch = buildSslBatch(job.pool, job.makers, settings.itemsPerMicroBatch, createRandom(`${settings.seed}/update-${update}/micro-${micro}`))
  const stageNames = model.spec.stages.map((s) => s.name)
  const headOnly = vars.size === model.head.variables.size
  const stemLearns = !headOnly && model.trainable.has('stem')
  const firstLearning = headOnly ? stageNames.length : stemLearns ? 0 : stageNames.findIndex((s) => model.trainable.has(s))
  const fixedStages = stageNames.slice(0, firstLearning)
  const learningStages = stageNames.slice(firstLearning)
  // the fixed part runs outside the gradient tape, so its activations are not kept for backprop
  const fixed = tf.tidy(() => {
    const pixels = tf.tensor4d(batch.pixels, [batch.count, batch.size, batch.size, 3])
    const input = preprocessInput(tf, pixels, job.backbone.preprocess)
    return stemLearns ? input : applyStages(tf, applyStem(tf, input, model.spec, model.trunk), model.spec, fixedStages, model.trunk)
  })
  const names = [...vars.keys()]
  const { value, grads } = tf.variableGrads(() => {
    const start = stemLearns ? applyStem(tf, fixed, model.spec, model.trunk) : fixed
    const deepest = applyStages(tf, start, model.spec, learningStages, model.trunk)
    const loss = sigmoidBceLoss(tf, headForward(tf, deepest, model.head), batch.labels, model.head.classes)
    return tf.div(loss, settings.microBatches) as tfType.Scalar
  }, names.map((n) => vars.get(n)!))
  fixed.dispose()
  // variableGrads keys gradients by the variables' own (auto-generated) names
  names.forEach((name) => {
    const g = grads[vars.get(name)!.name]
    if (!g) return
    const previous = sums.get(name)
    sums.set(name, previous ? tf.tidy(() => tf.add(previous, g)) : tf.clone(g))
    previous?.dispose()
  })
  tf.dispose(grads)
  const loss = value.dataSync()[0]! * settings.microBatches
  value.dispose()
  return { loss, images: batch.count }
}

/** Runs one optimiser update over `microBatches` accumulated micro-batches. */
function runUpdate(job: FinetuneJob, model: Model, momentum: Map<string, tfType.Tensor>, update: number): UpdateReport {
  const { tf, settings } = job
  const sgd = settings.sgd ?? REFERENCE_SGD
  const frozen = update < settings.freezeUpdates
  const vars = variablesFor(model, frozen)
  const sums = new Map<string, tfType.Tensor>()
  const started = performance.now()
  let loss = 0
  let images = 0
  try {
    for (let micro = 0; micro < settings.microBatches; micro++) {
      if (job.signal) throwIfCancelled(job.signal)
      const step = microBatchStep(job, model, vars, update, micro, sums)
      loss += step.loss / settings.microBatches
      images += step.images
    }
    const lr = learningRate(sgd, update)
    sgdStep(tf, vars, sums, momentum, lr, sgd)
    const seconds = (performance.now() - started) / 1000
    return { update: update + 1, updates: settings.updates, loss, imagesPerSecond: images / seconds, lr, frozen }
  } finally {
    for (const g of sums.values()) g.dispose()
  }
}

function disposeModel(model: Model, momentum: Map<string, tfType.Tensor>): void {
  for (const v of allVariables(model).values()) v.dispose()
  for (const m of momentum.values()) m.dispose()
}

/**
 * Self-supervised fine-tuning of REB-METHOD 4: a (1 + makers)-class one-vs-rest sigmoid BCE task on
 * synthetic defects, MLP head on the global-average-pooled deepest loaded stage, SGD with momentum and
 * weight decay, cosine schedule with warm restarts, head-only for the first `freezeUpdates`, gradient
 * accumulation over micro-batches. Resumes from a checkpoint of the same settings in `checkpointDir`.
 * All tfjs memory it allocates is released before it returns.
 */
export async function finetuneBackbone(job: FinetuneJob): Promise<FinetuneResult> {
  const { tf, settings } = job
  const model = buildModel(job)
  const momentum = new Map<string, tfType.Tensor>()
  const signature = JSON.stringify({ settings: { ...settings, updates: undefined }, weights: job.backbone.weightsHash, makers: job.makers })
  try {
    const state = { variables: allVariables(model), momentum }
    const resumed = job.checkpointDir ? Math.min(await loadCheckpoint(tf, job.checkpointDir, state, signature), settings.updates) : 0
    const losses: number[] = []
    let seconds = 0
    let images = 0
    for (let update = resumed; update < settings.updates; update++) {
      const report = runUpdate(job, model, momentum, update)
      losses.push(report.loss)
      seconds += (settings.itemsPerMicroBatch * settings.microBatches * (1 + job.makers.length)) / report.imagesPerSecond
      images += settings.itemsPerMicroBatch * settings.microBatches * (1 + job.makers.length)
      job.onUpdate?.(report)
      const due = settings.checkpointEvery > 0 && ((update + 1) % settings.checkpointEvery === 0 || update + 1 === settings.updates)
      if (due && job.checkpointDir) await saveCheckpoint(job.checkpointDir, { ...state, completedUpdates: update + 1 }, signature)
      await new Promise((resolve) => setImmediate(resolve)) // let cancel and progress events through
    }
    const trained = await trunkParamsToWeights(tf, model.trunk)
    return { weights: { ...job.backbone.weights, ...trained }, headStage: model.spec.stages.at(-1)!.name, losses, imagesPerSecond: seconds > 0 ? images / seconds : 0, resumedUpdates: resumed }
  } finally {
    disposeModel(model, momentum)
  }
}
