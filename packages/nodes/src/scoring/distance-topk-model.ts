import { OnnxGraphBuilder } from '../onnx/graph-builder'

/**
 * The ONNX graph of one distance block: for queries Q [q, D], bank rows B [b, D] and the bank rows'
 * squared norms BN [1, b], it computes |b|^2 - 2 q.b with one Gemm and returns the `k` smallest per
 * query (TopK, largest = 0, sorted) with their column indices. |q|^2 and the clamp at 0 are applied
 * to the k survivors afterwards: both are monotone per query, so they do not change which k win, and
 * the q x b matrix is then touched by only two ops.
 */
export function buildDistanceTopKModel(dim: number): Uint8Array {
  const g = new OnnxGraphBuilder('distance_topk')
  const queries = g.input('queries', 'FLOAT', ['q', dim])
  const bank = g.input('bank', 'FLOAT', ['b', dim])
  const bankNorms = g.input('bank_norms', 'FLOAT', [1, 'b'])
  const k = g.input('k', 'INT64', [1])
  const partial = g.op1('Gemm', [queries, bank, bankNorms], { alpha: { float: -2 }, beta: { float: 1 }, transB: 1 })
  const [values, indices] = g.op('TopK', [partial, k], { axis: 1, largest: 0, sorted: 1 }, 2) as [string, string]
  const valuesOut = g.op1('Identity', [values])
  const indicesOut = g.op1('Identity', [indices])
  g.output(valuesOut, 'FLOAT', ['q', 'k'])
  g.output(indicesOut, 'INT64', ['q', 'k'])
  return g.toBytes()
}
