import { mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

import type * as tfType from '@tensorflow/tfjs'

import type { FloatTensor } from '../contract/tensor'
import { readSafetensors, writeSafetensors } from '../io/safetensors'

type Tf = typeof tfType

/** File name of the fine-tuning checkpoint inside the node's scratch directory. */
export const CHECKPOINT_FILE = 'finetune-checkpoint.safetensors'

/** What a checkpoint holds: every parameter, the momentum buffers, and how many updates are done. */
export interface ArrayTrainingState {
  params: Map<string, FloatTensor>
  momentum: Map<string, FloatTensor>
  completedUpdates: number
}

/** The same state held in tfjs variables (the tfjs trainer). */
export interface TrainingState {
  variables: Map<string, tfType.Variable>
  momentum: Map<string, tfType.Tensor>
  completedUpdates: number
}

async function toFloat(tensor: tfType.Tensor): Promise<FloatTensor> {
  return { dtype: 'float32', shape: [...tensor.shape], data: Float32Array.from(await tensor.data()) }
}

/**
 * Writes parameters (`var/<name>`), momentum (`momentum/<name>`), the update count and a signature of
 * the run's settings. The file is replaced atomically by the safetensors writer.
 */
export async function saveArrayCheckpoint(directory: string, state: ArrayTrainingState, signature: string): Promise<string> {
  await mkdir(directory, { recursive: true })
  const tensors: Record<string, FloatTensor> = {}
  for (const [name, p] of state.params) tensors[`var/${name}`] = p
  for (const [name, m] of state.momentum) tensors[`momentum/${name}`] = m
  const path = join(directory, CHECKPOINT_FILE)
  await writeSafetensors(path, tensors, { completedUpdates: String(state.completedUpdates), signature })
  return path
}

/**
 * Reads a checkpoint written for the same settings whose parameters have the given names and shapes.
 * Returns undefined when there is none, or it belongs to other settings or other shapes.
 */
export async function loadArrayCheckpoint(directory: string, signature: string, shapes: Map<string, readonly number[]>): Promise<ArrayTrainingState | undefined> {
  const path = join(directory, CHECKPOINT_FILE)
  const exists = await stat(path).then(() => true, () => false)
  if (!exists) return undefined
  const content = await readSafetensors(path)
  if (content.metadata?.signature !== signature) return undefined
  const params = new Map<string, FloatTensor>()
  for (const [name, shape] of shapes) {
    const stored = content.tensors[`var/${name}`]
    if (!stored || stored.shape.join('x') !== shape.join('x')) return undefined
    params.set(name, stored as FloatTensor)
  }
  const momentum = new Map<string, FloatTensor>()
  for (const [key, stored] of Object.entries(content.tensors)) {
    if (key.startsWith('momentum/')) momentum.set(key.slice('momentum/'.length), stored as FloatTensor)
  }
  return { params, momentum, completedUpdates: Number(content.metadata.completedUpdates ?? 0) }
}

/** {@link saveArrayCheckpoint} for tfjs variables. */
export async function saveCheckpoint(directory: string, state: TrainingState, signature: string): Promise<string> {
  const params = new Map<string, FloatTensor>()
  for (const [name, v] of state.variables) params.set(name, await toFloat(v))
  const momentum = new Map<string, FloatTensor>()
  for (const [name, m] of state.momentum) momentum.set(name, await toFloat(m))
  return saveArrayCheckpoint(directory, { params, momentum, completedUpdates: state.completedUpdates }, signature)
}

/**
 * Restores a checkpoint written for the same settings into the given variables and momentum map.
 * Returns the number of completed updates, or 0 when there is none or it belongs to other settings.
 */
export async function loadCheckpoint(tf: Tf, directory: string, state: Omit<TrainingState, 'completedUpdates'>, signature: string): Promise<number> {
  const shapes = new Map([...state.variables].map(([name, v]) => [name, v.shape] as const))
  const stored = await loadArrayCheckpoint(directory, signature, shapes)
  if (!stored) return 0
  for (const [name, v] of state.variables) v.assign(tf.tensor(stored.params.get(name)!.data, v.shape))
  for (const [name, m] of stored.momentum) {
    state.momentum.get(name)?.dispose()
    state.momentum.set(name, tf.tensor(m.data, m.shape))
  }
  return stored.completedUpdates
}
