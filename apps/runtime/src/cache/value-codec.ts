import { isTensor, type Tensor } from '@inspectflow/nodes'

/**
 * Splits a node's output value into JSON plus named tensors, and joins them back. Tensors anywhere in
 * the value (nested objects and arrays, e.g. `Record<string, FloatTensor>` weights) and bare typed
 * arrays become placeholders in the JSON and entries in one safetensors file, so Python can read them.
 *
 * Placeholders: `{"$tensor": name}` for a Tensor, `{"$typed": name}` for a bare Float32Array/Int32Array/
 * Uint8Array, `{"$number": "NaN"|"Infinity"|"-Infinity"}` for numbers JSON cannot hold (metrics may be
 * NaN), `{"$array": ctor, "values": [...]}` for other typed arrays (rare, kept exact in JSON).
 */
export interface EncodedValue {
  json: unknown
  tensors: Record<string, Tensor>
}

type BareTyped = Float32Array | Int32Array | Uint8Array

const DTYPE_OF_BARE = (array: BareTyped): Tensor['dtype'] =>
  array instanceof Float32Array ? 'float32' : array instanceof Int32Array ? 'int32' : 'uint8'

function isBareTyped(value: unknown): value is BareTyped {
  return value instanceof Float32Array || value instanceof Int32Array || value instanceof Uint8Array
}

/** Thrown when a value cannot be stored, naming where inside it the problem sits. */
export class UnstorableValueError extends Error {
  constructor(path: string, found: string) {
    super(`value at "${path || '/'}": expected JSON data, tensors or typed arrays, found ${found}`)
    this.name = 'UnstorableValueError'
  }
}

/** Encodes a value; throws UnstorableValueError for functions, class instances with no JSON form, etc. */
export function encodeValue(value: unknown): EncodedValue {
  const tensors: Record<string, Tensor> = {}
  const json = encodeAt(value, '', tensors)
  return { json, tensors }
}

function encodeAt(value: unknown, path: string, tensors: Record<string, Tensor>): unknown {
  if (value === null || typeof value !== 'object') return encodeScalar(value, path)
  if (isTensor(value)) {
    tensors[path] = { dtype: value.dtype, shape: value.shape, data: value.data } as Tensor
    return { $tensor: path }
  }
  if (isBareTyped(value)) {
    tensors[path] = { dtype: DTYPE_OF_BARE(value), shape: [value.length], data: value } as Tensor
    return { $typed: path }
  }
  if (ArrayBuffer.isView(value)) return encodeOtherView(value, path)
  if (Array.isArray(value)) return value.map((item, i) => encodeAt(item, `${path}/${i}`, tensors))
  return encodePlainObject(value, path, tensors)
}

function encodeScalar(value: unknown, path: string): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { $number: String(value) }
  if (value === undefined) return null
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  throw new UnstorableValueError(path, typeof value)
}

function encodePlainObject(value: object, path: string, tensors: Record<string, Tensor>): unknown {
  const proto = Object.getPrototypeOf(value) as unknown
  if (proto !== Object.prototype && proto !== null) throw new UnstorableValueError(path, describe(value))
  const out: Record<string, unknown> = {}
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined) out[key] = encodeAt(member, `${path}/${escapeKey(key)}`, tensors)
  }
  return out
}

function encodeOtherView(view: ArrayBufferView, path: string): unknown {
  if (view instanceof DataView) throw new UnstorableValueError(path, 'a DataView')
  const array = view as unknown as ArrayLike<number | bigint>
  const values = Array.from(array, (x) => (typeof x === 'bigint' ? x.toString() : x))
  return { $array: view.constructor.name, values }
}

function describe(value: object): string {
  const name = (value.constructor as { name?: string } | undefined)?.name
  return name ? `an instance of ${name}` : 'an object with an unusual prototype'
}

/** JSON-pointer escaping, so that tensor names are unambiguous paths. */
function escapeKey(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}

const OTHER_ARRAYS: Record<string, (values: number[]) => unknown> = {
  Float64Array: (v) => Float64Array.from(v),
  Int16Array: (v) => Int16Array.from(v),
  Uint16Array: (v) => Uint16Array.from(v),
  Int8Array: (v) => Int8Array.from(v),
  Uint32Array: (v) => Uint32Array.from(v),
  Uint8ClampedArray: (v) => Uint8ClampedArray.from(v),
}

/** Rebuilds a value from its JSON and tensors; throws when a placeholder names a missing tensor. */
export function decodeValue(json: unknown, tensors: Record<string, Tensor>): unknown {
  if (json === null || typeof json !== 'object') return json
  if (Array.isArray(json)) return json.map((item) => decodeValue(item, tensors))
  const record = json as Record<string, unknown>
  if (typeof record.$tensor === 'string') return lookupTensor(record.$tensor, tensors)
  if (typeof record.$typed === 'string') return lookupTensor(record.$typed, tensors).data
  if (typeof record.$number === 'string') return Number(record.$number)
  if (typeof record.$array === 'string' && Array.isArray(record.values)) return decodeOtherArray(record)
  const out: Record<string, unknown> = {}
  for (const [key, member] of Object.entries(record)) out[key] = decodeValue(member, tensors)
  return out
}

function lookupTensor(name: string, tensors: Record<string, Tensor>): Tensor {
  const tensor = tensors[name]
  if (!tensor) throw new Error(`cache value refers to tensor "${name}" which the tensors file does not hold`)
  return tensor
}

function decodeOtherArray(record: Record<string, unknown>): unknown {
  const make = OTHER_ARRAYS[record.$array as string]
  const values = record.values as (number | string)[]
  if (record.$array === 'BigInt64Array') return BigInt64Array.from(values, (x) => BigInt(x))
  if (record.$array === 'BigUint64Array') return BigUint64Array.from(values, (x) => BigInt(x))
  if (!make) throw new Error(`cache value holds an unknown array kind "${String(record.$array)}"`)
  return make(values as number[])
}
