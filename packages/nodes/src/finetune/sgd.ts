import type * as tfType from '@tensorflow/tfjs'

type Tf = typeof tfType

/** SGD settings of REB-METHOD 4. */
export interface SgdOptions {
  lr: number
  momentum: number
  weightDecay: number
  /** Cosine annealing with warm restarts: period T_0 in updates and the floor eta_min. */
  restartPeriod: number
  minLr: number
}

/** The reference's values: lr 0.03, momentum 0.9, weight decay 3e-5, T_0 = 330, eta_min = 1e-5. */
export const REFERENCE_SGD: SgdOptions = { lr: 0.03, momentum: 0.9, weightDecay: 3e-5, restartPeriod: 330, minLr: 1e-5 }

/**
 * CosineAnnealingWarmRestarts stepped once per update: eta(e) = eta_min + (lr - eta_min)(1 + cos(pi (e mod T_0) / T_0)) / 2,
 * where e is the number of completed updates (the first update runs at lr).
 */
export function learningRate(options: SgdOptions, completedUpdates: number): number {
  const phase = completedUpdates % options.restartPeriod
  return options.minLr + ((options.lr - options.minLr) * (1 + Math.cos((Math.PI * phase) / options.restartPeriod))) / 2
}

/**
 * PyTorch SGD with momentum and coupled weight decay: g' = g + wd w; buf = m buf + g' (buf = g' at the
 * first step); w -= lr buf. Momentum buffers live in `state` by variable name (checkpointed).
 */
export function sgdStep(tf: Tf, variables: Map<string, tfType.Variable>, grads: Map<string, tfType.Tensor>, state: Map<string, tfType.Tensor>, lr: number, options: SgdOptions): void {
  for (const [name, v] of variables) {
    const g = grads.get(name)
    if (!g) continue
    const next = tf.tidy(() => {
      const decayed = tf.add(g, tf.mul(v, options.weightDecay))
      const previous = state.get(name)
      return previous ? tf.add(tf.mul(previous, options.momentum), decayed) : decayed
    })
    state.get(name)?.dispose()
    state.set(name, tf.keep(next))
    tf.tidy(() => v.assign(tf.sub(v, tf.mul(next, lr))))
  }
}

/**
 * {@link sgdStep} on plain arrays (the onnxruntime trainer): the same PyTorch SGD, updating `params`
 * and the momentum buffers in place; parameters without a gradient are left alone.
 */
export function sgdStepArrays(params: Map<string, Float32Array>, grads: Map<string, Float32Array>, state: Map<string, Float32Array>, lr: number, options: SgdOptions): void {
  const { momentum, weightDecay } = options
  for (const [name, w] of params) {
    const g = grads.get(name)
    if (!g) continue
    let buffer = state.get(name)
    const first = !buffer
    if (!buffer) {
      buffer = new Float32Array(w.length)
      state.set(name, buffer)
    }
    for (let i = 0; i < w.length; i++) {
      const decayed = g[i]! + weightDecay * w[i]!
      const next = first ? decayed : momentum * buffer[i]! + decayed
      buffer[i] = next
      w[i] = w[i]! - lr * next
    }
  }
}
