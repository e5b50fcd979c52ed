import type { Engines } from '../engine/engines'
import { cachedOnnxSession } from '../onnx/session'
import { buildDistanceTopKModel } from './distance-topk-model'

/** The k nearest bank rows of each query of one block, in bank-block-local indices. */
export interface BlockTopK {
  /** [q, k] partial distances |b|^2 - 2 q.b, ascending per query (add |q|^2 and clamp at 0 for the squared distance). */
  values: Float32Array
  /** [q, k] row indices inside the bank block. */
  indices: BigInt64Array
}

/** Runs the distance-and-top-k graph of one (query block, bank block) pair on onnxruntime. */
export type DistanceTopKRunner = (
  queries: Float32Array,
  bank: Float32Array,
  bankNorms: Float32Array,
  k: number,
) => Promise<BlockTopK>

/**
 * Creates the runner for vectors of `dim` values. The session is built once per Engines object and
 * dimension and shared by every scoring node of the process.
 */
export async function createDistanceTopK(engines: Engines, dim: number): Promise<DistanceTopKRunner> {
  const ort = await engines.onnx()
  const { session } = await cachedOnnxSession(engines, `distance-topk:${dim}`, () => buildDistanceTopKModel(dim))
  const [valuesName, indicesName] = session.outputNames as [string, string]
  return async (queries, bank, bankNorms, k) => {
    const q = queries.length / dim
    const b = bank.length / dim
    const feeds = {
      queries: new ort.Tensor('float32', queries, [q, dim]),
      bank: new ort.Tensor('float32', bank, [b, dim]),
      bank_norms: new ort.Tensor('float32', bankNorms, [1, b]),
      k: new ort.Tensor('int64', BigInt64Array.of(BigInt(Math.min(k, b))), [1]),
    }
    const result = await session.run(feeds)
    const values = result[valuesName]
    const indices = result[indicesName]
    if (!values || !indices) throw new Error(`distance-topk: onnxruntime returned no ${valuesName}/${indicesName}`)
    return { values: values.data as Float32Array, indices: indices.data as BigInt64Array }
  }
}

/** Squared L2 norm of each row of a [rows, dim] matrix. */
export function rowSquaredNorms(data: Float32Array, dim: number): Float32Array {
  const rows = data.length / dim
  const norms = new Float32Array(rows)
  for (let r = 0; r < rows; r++) {
    let s = 0
    const base = r * dim
    for (let c = 0; c < dim; c++) {
      const v = data[base + c] as number
      s += v * v
    }
    norms[r] = s
  }
  return norms
}
