/**
 * Principal axes of a point set, for the greedy coreset's cheap lower bounds: the distance of two
 * points along a few orthonormal directions never exceeds their full distance, and along the
 * directions of largest spread it is close to it. Any orthonormal basis keeps the bounds valid, so
 * the axes are estimated from an evenly strided sample (deterministic, no random draws).
 */

/** Covariance [dim, dim] of at most `sampleRows` rows taken at an even stride, in float64. */
function sampleCovariance(points: Float32Array, dim: number, sampleRows: number): Float64Array {
  const n = points.length / dim
  const stride = Math.max(1, Math.floor(n / sampleRows))
  const mean = new Float64Array(dim)
  let taken = 0
  for (let r = 0; r < n; r += stride, taken++) for (let c = 0; c < dim; c++) mean[c] = (mean[c] as number) + (points[r * dim + c] as number)
  for (let c = 0; c < dim; c++) mean[c] = (mean[c] as number) / taken
  const cov = new Float64Array(dim * dim)
  const row = new Float64Array(dim)
  for (let r = 0; r < n; r += stride) {
    for (let c = 0; c < dim; c++) row[c] = (points[r * dim + c] as number) - (mean[c] as number)
    for (let a = 0; a < dim; a++) {
      const va = row[a] as number
      if (va === 0) continue
      for (let b = a; b < dim; b++) cov[a * dim + b] = (cov[a * dim + b] as number) + va * (row[b] as number)
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) cov[a * dim + b] = cov[b * dim + a] as number
  return cov
}

/** Eigenvectors of a symmetric matrix by cyclic Jacobi rotations: columns of the returned [dim, dim], and eigenvalues. */
function symmetricEigen(matrix: Float64Array, dim: number): { vectors: Float64Array; values: Float64Array } {
  const a = matrix.slice()
  const v = new Float64Array(dim * dim)
  for (let i = 0; i < dim; i++) v[i * dim + i] = 1
  for (let sweep = 0; sweep < 30; sweep++) {
    let off = 0
    for (let p = 0; p < dim; p++) for (let q = p + 1; q < dim; q++) off += (a[p * dim + q] as number) ** 2
    if (off < 1e-22) break
    for (let p = 0; p < dim; p++) {
      for (let q = p + 1; q < dim; q++) {
        const apq = a[p * dim + q] as number
        if (Math.abs(apq) < 1e-300) continue
        const theta = ((a[q * dim + q] as number) - (a[p * dim + p] as number)) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < dim; k++) {
          const akp = a[k * dim + p] as number
          const akq = a[k * dim + q] as number
          a[k * dim + p] = c * akp - s * akq
          a[k * dim + q] = s * akp + c * akq
        }
        for (let k = 0; k < dim; k++) {
          const apk = a[p * dim + k] as number
          const aqk = a[q * dim + k] as number
          a[p * dim + k] = c * apk - s * aqk
          a[q * dim + k] = s * apk + c * aqk
        }
        for (let k = 0; k < dim; k++) {
          const vkp = v[k * dim + p] as number
          const vkq = v[k * dim + q] as number
          v[k * dim + p] = c * vkp - s * vkq
          v[k * dim + q] = s * vkp + c * vkq
        }
      }
    }
  }
  return { vectors: v, values: Float64Array.from({ length: dim }, (_, i) => a[i * dim + i] as number) }
}

/**
 * The `axes` directions of largest spread as a [dim, axes] float32 matrix (columns orthonormal), so
 * that points [n, dim] x axes gives each point's coordinates along them.
 */
export function principalAxes(points: Float32Array, dim: number, axes: number, sampleRows = 8192): Float32Array {
  const { vectors, values } = symmetricEigen(sampleCovariance(points, dim, sampleRows), dim)
  const order = Array.from({ length: dim }, (_, i) => i).sort((x, y) => (values[y] as number) - (values[x] as number) || x - y)
  const out = new Float32Array(dim * axes)
  for (let j = 0; j < axes; j++) {
    const column = order[j] as number
    for (let r = 0; r < dim; r++) out[r * axes + j] = vectors[r * dim + column] as number
  }
  return out
}

/** Coordinates [n, axes] of every point along the axes, in float32 (plain loops; onnxruntime does it faster where available). */
export function coordinatesAlong(points: Float32Array, dim: number, axes: Float32Array, count: number): Float32Array {
  const n = points.length / dim
  const out = new Float32Array(n * count)
  const acc = new Float64Array(count)
  for (let r = 0; r < n; r++) {
    acc.fill(0)
    for (let c = 0; c < dim; c++) {
      const x = points[r * dim + c] as number
      if (x === 0) continue
      for (let j = 0; j < count; j++) acc[j] = (acc[j] as number) + x * (axes[c * count + j] as number)
    }
    out.set(acc, r * count)
  }
  return out
}
