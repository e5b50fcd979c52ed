import type { SeededRandom } from '../contract/random'
import type { Engines } from '../engine/engines'
import { OnnxGraphBuilder } from '../onnx/graph-builder'
import { cachedOnnxSession } from '../onnx/session'

/** The ONNX graph x [n, d] @ w [d, m]: one MatMul with both operands as inputs. */
function buildMatMulModel(dim: number, outDim: number): Uint8Array {
  const g = new OnnxGraphBuilder('projection')
  const x = g.input('x', 'FLOAT', ['n', dim])
  const w = g.input('w', 'FLOAT', [dim, outDim])
  g.output(g.op1('MatMul', [x, w]), 'FLOAT', ['n', outDim])
  return g.toBytes()
}

/**
 * A seeded random linear map to `outDim` dims, initialised like a bias-free torch `Linear` (uniform in
 * +-1/sqrt(dim)), as PatchCore's approximate greedy coreset does before measuring distances.
 */
export function randomProjectionMatrix(dim: number, outDim: number, rng: SeededRandom): Float32Array {
  const bound = 1 / Math.sqrt(dim)
  const w = new Float32Array(dim * outDim)
  for (let i = 0; i < w.length; i++) w[i] = rng.uniform(-bound, bound)
  return w
}

/** Projects [rows, dim] row vectors with `w` [dim, outDim] on onnxruntime, in blocks of `block` rows. */
export async function projectRows(
  engines: Engines,
  data: Float32Array,
  dim: number,
  w: Float32Array,
  outDim: number,
  block = 16384,
): Promise<Float32Array> {
  const ort = await engines.onnx()
  const { session } = await cachedOnnxSession(engines, `projection:${dim}x${outDim}`, () => buildMatMulModel(dim, outDim))
  const rows = data.length / dim
  const out = new Float32Array(rows * outDim)
  const weights = new ort.Tensor('float32', w, [dim, outDim])
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(r0 + block, rows)
    const x = new ort.Tensor('float32', data.subarray(r0 * dim, r1 * dim), [r1 - r0, dim])
    const result = await session.run({ x, w: weights })
    const y = result[session.outputNames[0] as string]
    if (!y) throw new Error('projection: onnxruntime returned no output')
    out.set(y.data as Float32Array, r0 * outDim)
  }
  return out
}
