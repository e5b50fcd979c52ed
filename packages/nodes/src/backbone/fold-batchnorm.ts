import type { FloatTensor, Tensor } from '../contract/tensor'

/** The four BatchNorm tensors of one layer plus its epsilon. */
export interface BatchNormParams {
  gamma: Float32Array
  beta: Float32Array
  mean: Float32Array
  variance: Float32Array
  eps: number
}

/**
 * Folds an inference-mode BatchNorm into the convolution before it:
 * y = gamma * (conv(x) + b - mean) / sqrt(var + eps) + beta, so each output channel's kernel is scaled
 * by gamma / sqrt(var + eps) and the bias becomes (b - mean) * scale + beta. Returns new tensors.
 */
export function foldBatchNorm(
  weight: FloatTensor,
  bias: Float32Array | undefined,
  bn: BatchNormParams,
): { weight: FloatTensor; bias: FloatTensor } {
  const outChannels = weight.shape[0] as number
  const perChannel = weight.data.length / outChannels
  const folded = new Float32Array(weight.data.length)
  const foldedBias = new Float32Array(outChannels)
  for (let o = 0; o < outChannels; o++) {
    const scale = (bn.gamma[o] as number) / Math.sqrt((bn.variance[o] as number) + bn.eps)
    for (let i = o * perChannel; i < (o + 1) * perChannel; i++) folded[i] = (weight.data[i] as number) * scale
    foldedBias[o] = ((bias?.[o] ?? 0) - (bn.mean[o] as number)) * scale + (bn.beta[o] as number)
  }
  return {
    weight: { dtype: 'float32', shape: [...weight.shape], data: folded },
    bias: { dtype: 'float32', shape: [outChannels], data: foldedBias },
  }
}

/**
 * The torchvision BatchNorm that follows a convolution: `conv1` -> `bn1`, `layer1.0.conv2` ->
 * `layer1.0.bn2`, `layer2.0.downsample.0` -> `layer2.0.downsample.1`.
 */
export function torchvisionBatchNormName(convName: string): string {
  if (convName.endsWith('.downsample.0')) return `${convName.slice(0, -2)}.1`
  return convName.replace(/conv(\d+)$/, 'bn$1')
}

/** The BatchNorm tensors of `bnName` in a torchvision state dict, or undefined if any is absent. */
export function readTorchvisionBatchNorm(tensors: Record<string, Tensor>, bnName: string, eps: number): BatchNormParams | undefined {
  const get = (suffix: string): Float32Array | undefined => {
    const t = tensors[`${bnName}.${suffix}`]
    return t?.dtype === 'float32' ? (t.data as Float32Array) : undefined
  }
  const gamma = get('weight')
  const beta = get('bias')
  const mean = get('running_mean')
  const variance = get('running_var')
  if (!gamma || !beta || !mean || !variance) return undefined
  return { gamma, beta, mean, variance, eps }
}
