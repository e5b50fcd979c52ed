/**
 * Engine-neutral tensors passed between nodes and stored in the cache as safetensors.
 * Row-major; ownership passes to the receiver (nodes never mutate an input tensor in place).
 */
export type TensorDType = 'float32' | 'int32' | 'uint8'

export interface TensorDataMap {
  float32: Float32Array
  int32: Int32Array
  uint8: Uint8Array
}

export interface Tensor<D extends TensorDType = TensorDType> {
  dtype: D
  shape: number[]
  data: TensorDataMap[D]
}

/** A float32 tensor, the common case. */
export type FloatTensor = Tensor<'float32'>

/** Number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1)
}

/** Builds a float32 tensor, checking that data and shape agree. */
export function floatTensor(shape: number[], data?: Float32Array): FloatTensor {
  const size = shapeSize(shape)
  const values = data ?? new Float32Array(size)
  if (values.length !== size) {
    throw new RangeError(`tensor data has ${values.length} values, shape [${shape.join(', ')}] needs ${size}`)
  }
  return { dtype: 'float32', shape, data: values }
}

/** True for a value shaped like a Tensor. */
export function isTensor(value: unknown): value is Tensor {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Partial<Tensor>
  return (
    typeof v.dtype === 'string' &&
    Array.isArray(v.shape) &&
    (v.data instanceof Float32Array || v.data instanceof Int32Array || v.data instanceof Uint8Array)
  )
}
