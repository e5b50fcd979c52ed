import type * as tfType from '@tensorflow/tfjs'

type Tf = typeof tfType

/**
 * The filter gradient of a 2-D convolution written as another convolution, which every backend runs
 * fast: dW[kh, kw, c, o] = sum over (b, y, x) of Xp[b, y*s + kh, x*s + kw, c] * dY[b, y, x, o] is a
 * 'valid' convolution of Xp with channels and batch swapped ([C, Hp, Wp, B]) by dY used as a filter
 * ([H', W', B, O]) dilated by s. `padded` is the convolution input after zero padding.
 * (Measured on wasm, layer3-sized: about as fast as the forward conv; an im2col with strided slices
 * and a transposed matMul was 10-20x slower.)
 */
export function conv2dFilterGrad(tf: Tf, padded: tfType.Tensor4D, dy: tfType.Tensor4D, kernel: number, stride: number): tfType.Tensor4D {
  return tf.tidy(() => {
    const swapped = tf.transpose(padded, [3, 1, 2, 0]) as tfType.Tensor4D
    const dyAsFilter = tf.transpose(dy, [1, 2, 0, 3]) as tfType.Tensor4D
    const grad = tf.conv2d(swapped, dyAsFilter, 1, 'valid', 'NHWC', stride) // [C, >=k, >=k, O]
    return tf.transpose(grad.slice([0, 0, 0, 0], [-1, kernel, kernel, -1]), [1, 2, 0, 3]) as tfType.Tensor4D
  })
}

/** Inserts s - 1 zeros between neighbouring rows and columns: [B, H, W, C] -> [B, (H-1)s+1, (W-1)s+1, C]. */
function dilate(tf: Tf, dy: tfType.Tensor4D, stride: number): tfType.Tensor4D {
  if (stride === 1) return dy
  const [b, h, w, c] = dy.shape
  const spread = tf.pad(dy.reshape([b, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, stride - 1], [0, 0], [0, stride - 1], [0, 0]])
  return spread.reshape([b, h * stride, w * stride, c]).slice([0, 0, 0, 0], [b, (h - 1) * stride + 1, (w - 1) * stride + 1, c]) as tfType.Tensor4D
}

/**
 * The input gradient of a convolution with symmetric padding p, as a stride-1 convolution of the
 * dilated dY with the flipped filter (wasm's Conv2DBackpropInput kernel is a plain loop, several times
 * slower than its convolution).
 */
export function conv2dInputGrad(tf: Tf, dy: tfType.Tensor4D, filter: tfType.Tensor4D, inputShape: [number, number, number, number], stride: number, p: number): tfType.Tensor4D {
  return tf.tidy(() => {
    const k = filter.shape[0]
    const [, h, w] = inputShape
    const spread = dilate(tf, dy, stride)
    const extraH = h + 2 * p - ((dy.shape[1] - 1) * stride + k)
    const extraW = w + 2 * p - ((dy.shape[2] - 1) * stride + k)
    const framed = tf.pad(spread, [[0, 0], [k - 1, k - 1 + extraH], [k - 1, k - 1 + extraW], [0, 0]])
    const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tfType.Tensor4D
    const full = tf.conv2d(framed as tfType.Tensor4D, flipped, 1, 'valid') // gradient of the padded input
    return full.slice([0, p, p, 0], [-1, h, w, -1])
  })
}

/** Symmetric zero padding p from a Conv2D `pad` attribute; 'same' is not used by the trainer. */
function symmetricPad(pad: unknown): number {
  if (pad === 'valid') return 0
  if (typeof pad === 'number') return pad
  throw new RangeError(`conv2d gradient: expected pad 'valid' or a number, found ${JSON.stringify(pad)}`)
}

/**
 * Registers a Conv2D gradient built from forward convolutions only. The wasm backend has no
 * Conv2DBackpropFilter kernel, so the stock gradient fails there, and its Conv2DBackpropInput is slow.
 * The registry is global: call it only when the chosen backend is wasm (native backends have fast
 * kernels of their own).
 */
export function registerConvFilterGradient(tf: Tf): void {
  tf.registerGradient({
    kernelName: 'Conv2D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter] = saved as [tfType.Tensor4D, tfType.Tensor4D]
      const { strides, pad } = attrs as unknown as { strides: number | [number, number]; pad: unknown }
      const stride = typeof strides === 'number' ? strides : strides[0]
      const p = symmetricPad(pad)
      const kernel = filter.shape[0]
      const dy4 = dy as tfType.Tensor4D
      return {
        x: () => conv2dInputGrad(tf, dy4, filter, x.shape, stride, p),
        filter: () => {
          const padded = p === 0 ? x : tf.pad(x, [[0, 0], [p, p], [p, p], [0, 0]])
          return conv2dFilterGrad(tf, padded, dy4, kernel, stride)
        },
      }
    },
  })
}
