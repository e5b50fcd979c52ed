import { open, readFile, rename, writeFile } from 'node:fs/promises'

import { type Tensor, type TensorDType, shapeSize } from '../contract/tensor'

/**
 * Reading and writing the safetensors format (8-byte little-endian header length, JSON header, raw
 * little-endian data), so that cached tensors and weights can be read from Python as well.
 */

const DTYPE_TO_ST: Record<TensorDType, string> = { float32: 'F32', int32: 'I32', uint8: 'U8' }
const BYTES: Record<string, number> = { F32: 4, I32: 4, U8: 1, F16: 2, BF16: 2, F64: 8, I64: 8 }

interface HeaderEntry {
  dtype: string
  shape: number[]
  data_offsets: [number, number]
}

/** Encodes named tensors (and optional string metadata) into one safetensors buffer. */
export function encodeSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>): Buffer {
  const header: Record<string, HeaderEntry | Record<string, string>> = {}
  if (metadata) header.__metadata__ = metadata
  let offset = 0
  const names = Object.keys(tensors).sort()
  for (const name of names) {
    const t = tensors[name] as Tensor
    const bytes = t.data.byteLength
    header[name] = { dtype: DTYPE_TO_ST[t.dtype], shape: t.shape, data_offsets: [offset, offset + bytes] }
    offset += bytes
  }
  let json = JSON.stringify(header)
  // pad the header so the data starts 8-byte aligned, as the reference writer does
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8)
  const headerBytes = Buffer.from(json, 'utf8')
  const out = Buffer.allocUnsafe(8 + headerBytes.length + offset)
  out.writeBigUInt64LE(BigInt(headerBytes.length), 0)
  headerBytes.copy(out, 8)
  let pos = 8 + headerBytes.length
  for (const name of names) {
    const t = tensors[name] as Tensor
    Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).copy(out, pos)
    pos += t.data.byteLength
  }
  return out
}

/** How to decode: `views` returns F32, I32 and U8 tensors as views into the buffer where aligned. */
export interface DecodeOptions {
  /**
   * A 400 MB cache entry then costs one read of the file rather than a read plus a copy (and half the
   * peak memory); the tensors share the buffer, which lives as long as any of them. A tensor whose
   * offset breaks its element alignment is copied.
   */
  views?: boolean
}

/** A view of a stored F32, I32 or U8 tensor where its offset allows one, else undefined. */
function viewOf(entry: HeaderEntry, bytes: Buffer, count: number): Tensor | undefined {
  const offset = bytes.byteOffset + entry.data_offsets[0]
  if (entry.dtype === 'U8') return { dtype: 'uint8', shape: entry.shape, data: new Uint8Array(bytes.buffer, offset, count) }
  if (offset % 4 !== 0) return undefined
  if (entry.dtype === 'F32') return { dtype: 'float32', shape: entry.shape, data: new Float32Array(bytes.buffer, offset, count) }
  if (entry.dtype === 'I32') return { dtype: 'int32', shape: entry.shape, data: new Int32Array(bytes.buffer, offset, count) }
  return undefined
}

/** Converts one stored tensor to float32/int32/uint8 (F16, BF16, F64 and I64 are widened or narrowed). */
function toTensor(entry: HeaderEntry, bytes: Buffer, name: string, options: DecodeOptions): Tensor {
  const [start, end] = entry.data_offsets
  const count = shapeSize(entry.shape)
  const width = BYTES[entry.dtype]
  if (width === undefined) throw new Error(`safetensors tensor "${name}": unsupported dtype ${entry.dtype}`)
  if (end - start !== count * width || end > bytes.length) {
    throw new Error(`safetensors tensor "${name}": ${end - start} bytes stored, shape [${entry.shape.join(', ')}] of ${entry.dtype} needs ${count * width}`)
  }
  const shared = options.views ? viewOf(entry, bytes, count) : undefined
  if (shared) return shared
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, end - start)
  const read = (i: number): number => {
    switch (entry.dtype) {
      case 'F32': return view.getFloat32(i * 4, true)
      case 'F64': return view.getFloat64(i * 8, true)
      case 'I32': return view.getInt32(i * 4, true)
      case 'I64': return Number(view.getBigInt64(i * 8, true))
      case 'U8': return view.getUint8(i)
      case 'BF16': return new Float32Array(new Uint32Array([view.getUint16(i * 2, true) << 16]).buffer)[0] as number
      default: return halfToFloat(view.getUint16(i * 2, true))
    }
  }
  if (entry.dtype === 'U8') return { dtype: 'uint8', shape: entry.shape, data: Uint8Array.from(bytes.subarray(start, end)) }
  if (entry.dtype === 'I32' || entry.dtype === 'I64') {
    const data = new Int32Array(count)
    for (let i = 0; i < count; i++) data[i] = read(i)
    return { dtype: 'int32', shape: entry.shape, data }
  }
  if (entry.dtype === 'F32') {
    // copy into an aligned buffer: the stored offset need not be 4-byte aligned
    const data = new Float32Array(count)
    new Uint8Array(data.buffer).set(bytes.subarray(start, end))
    return { dtype: 'float32', shape: entry.shape, data }
  }
  const data = new Float32Array(count)
  for (let i = 0; i < count; i++) data[i] = read(i)
  return { dtype: 'float32', shape: entry.shape, data }
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1
  const exp = (h >> 10) & 0x1f
  const frac = h & 0x3ff
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024)
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY
  return sign * 2 ** (exp - 15) * (1 + frac / 1024)
}

/** The parsed file: tensors by name and the header's `__metadata__`. */
export interface SafetensorsContent {
  tensors: Record<string, Tensor>
  metadata: Record<string, string>
}

/** Decodes a safetensors buffer; throws a message naming the problem on a truncated or corrupt file. */
export function decodeSafetensors(buffer: Buffer, label = 'safetensors', options: DecodeOptions = {}): SafetensorsContent {
  if (buffer.length < 8) throw new Error(`${label}: file is ${buffer.length} bytes, too short for a safetensors header`)
  const headerLength = Number(buffer.readBigUInt64LE(0))
  if (8 + headerLength > buffer.length) throw new Error(`${label}: header of ${headerLength} bytes runs past the end of the file`)
  let header: Record<string, unknown>
  try {
    header = JSON.parse(buffer.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, unknown>
  } catch {
    throw new Error(`${label}: header is not valid JSON`)
  }
  const data = buffer.subarray(8 + headerLength)
  const tensors: Record<string, Tensor> = {}
  let metadata: Record<string, string> = {}
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') metadata = entry as Record<string, string>
    else tensors[name] = toTensor(entry as HeaderEntry, data, `${label}: ${name}`, options)
  }
  return { tensors, metadata }
}

/** Reads a safetensors file. */
export async function readSafetensors(path: string): Promise<SafetensorsContent> {
  return decodeSafetensors(await readFile(path), path)
}

/** Reads only the header (names, dtypes, shapes, metadata) without loading the data. */
export async function readSafetensorsHeader(path: string): Promise<Record<string, unknown>> {
  const handle = await open(path, 'r')
  try {
    const lengthBytes = Buffer.alloc(8)
    await handle.read(lengthBytes, 0, 8, 0)
    const headerLength = Number(lengthBytes.readBigUInt64LE(0))
    const headerBytes = Buffer.alloc(headerLength)
    await handle.read(headerBytes, 0, headerLength, 8)
    return JSON.parse(headerBytes.toString('utf8')) as Record<string, unknown>
  } finally {
    await handle.close()
  }
}

/** Writes atomically (temporary file, then rename) so a crash never leaves a half-written file. */
export async function writeSafetensors(path: string, tensors: Record<string, Tensor>, metadata?: Record<string, string>): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`
  await writeFile(tmp, encodeSafetensors(tensors, metadata))
  await rename(tmp, path)
}
