/** How far one array of numbers is from a reference array of the same length. */
export interface Residual {
  count: number
  maxAbs: number
  /** The largest |a - b| / max(|b|, 1): relative for large values, absolute below 1. */
  maxScaled: number
  meanAbs: number
  /** Where maxScaled is reached, and the two values there. */
  worstIndex: number
  worst: { value: number; reference: number }
  /** Pearson correlation, 1 for identical arrays. */
  correlation: number
}

/** Compares `values` with `reference` element by element. */
export function residual(values: ArrayLike<number>, reference: ArrayLike<number>): Residual {
  if (values.length !== reference.length) throw new Error(`residual: ${values.length} values against ${reference.length} reference values`)
  let maxAbs = 0
  let maxScaled = 0
  let sumAbs = 0
  let worstIndex = 0
  let sa = 0
  let sb = 0
  let saa = 0
  let sbb = 0
  let sab = 0
  for (let i = 0; i < values.length; i++) {
    const a = values[i] as number
    const b = reference[i] as number
    const diff = Math.abs(a - b)
    const scaled = diff / Math.max(Math.abs(b), 1)
    sumAbs += diff
    maxAbs = Math.max(maxAbs, diff)
    if (scaled > maxScaled) {
      maxScaled = scaled
      worstIndex = i
    }
    sa += a
    sb += b
    saa += a * a
    sbb += b * b
    sab += a * b
  }
  const n = values.length
  const cov = sab / n - (sa / n) * (sb / n)
  const correlation = cov / Math.sqrt((saa / n - (sa / n) ** 2) * (sbb / n - (sb / n) ** 2))
  return {
    count: n,
    maxAbs,
    maxScaled,
    meanAbs: sumAbs / n,
    worstIndex,
    worst: { value: values[worstIndex] as number, reference: reference[worstIndex] as number },
    correlation,
  }
}

/** One line for a report: `embedding: max |diff| 1.2e-4 (scaled 3.1e-5) mean 2e-6, r 0.999999`. */
export function residualLine(name: string, r: Residual): string {
  const e = (x: number) => x.toExponential(2)
  return `${name.padEnd(28)} max |diff| ${e(r.maxAbs)}  max scaled ${e(r.maxScaled)}  mean |diff| ${e(r.meanAbs)}  r ${r.correlation.toFixed(7)}  worst #${r.worstIndex}: ${r.worst.value.toPrecision(7)} vs ${r.worst.reference.toPrecision(7)}`
}
