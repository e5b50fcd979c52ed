import { mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

import type * as tfType from '@tensorflow/tfjs'

import type { FloatTensor } from '../contract/tensor'
import { readSafetensors, writeSafetensors } from '../io/safetensors'

type Tf = typeof tfType

/** File name of the fine-tuning checkpoint inside the node's scratch directory. */
export const CHECKPOINT_FILE = 'finetune-checkpoint.safetensors'

/** What a checkpoint holds: every variable, the momentum buffers, and how many updates are done. */
export interface TrainingState {
  variables: Map<string, tfType.Variable>
  momentum: Map<string, tfType.Tensor>
  completedUpdates: number
}

async function toFloat(tensor: tfType.Tensor): Promise<FloatTensor> {
  return { dtype: 'float32', shape: [...tensor.shape], data: Float32Array.from(await tensor.data()) }
}

/**
 * Writes variables (`var/<name>`), momentum (`momentum/<name>`), the update count and a signature of
 * the run's settings. The file is replaced atomically by the safetensors writer.
 */
export async function saveCheckpoint(directory: string, state: TrainingState, signature: string): Promise<string> {
  await mkdir(directory, { recursive: true })
  const tensors: Record<string, FloatTensor> = {}
  for (const [name, v] of state.variables) tensors[`var/${name}`] = await toFloat(v)
  for (const [name, m] of state.momentum) tensors[`momentum/${name}`] = await toFloat(m)
  const path = join(directory, CHECKPOINT_FILE)
  await writeSafetensors(path, tensors, { completedUpdates: String(state.completedUpdates), signature })
  return path
}

/**
 * Restores a checkpoint written for the same settings into the given variables and momentum map.
 * Returns the number of completed updates, or 0 when there is none or it belongs to other settings.
 */
export async function loadCheckpoint(tf: Tf, directory: string, state: Omit<TrainingState, 'completedUpdates'>, signature: string): Promise<number> {
  const path = join(directory, CHECKPOINT_FILE)
  const exists = await stat(path).then(() => true, () => false)
  if (!exists) return 0
  const content = await readSafetensors(path)
  if (content.metadata?.signature !== signature) return 0
  for (const [name, v] of state.variables) {
    const stored = content.tensors[`var/${name}`]
    if (!stored || stored.shape.join('x') !== v.shape.join('x')) return 0
  }
  for (const [name, v] of state.variables) {
    const stored = content.tensors[`var/${name}`]!
    v.assign(tf.tensor(stored.data as Float32Array, v.shape))
  }
  for (const [key, stored] of Object.entries(content.tensors)) {
    if (!key.startsWith('momentum/')) continue
    state.momentum.get(key.slice('momentum/'.length))?.dispose()
    state.momentum.set(key.slice('momentum/'.length), tf.tensor(stored.data as Float32Array, stored.shape))
  }
  return Number(content.metadata.completedUpdates ?? 0)
}
