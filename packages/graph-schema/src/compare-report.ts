/**
 * The wire shape of a comparison of runs: a sweep's compare.json and the runtime's GET /api/compare,
 * read by the editor's Compare runs view. Declared once here, beside the run events.
 */
/** A column of the comparison: which way is better decides the best mark. */
export interface CompareColumn {
  key: CompareMetricKey
  label: string
  better: 'higher' | 'lower'
}

export type CompareMetricKey = 'imageAuroc' | 'pixelAuroc' | 'aupro' | 'f1' | 'fitMs' | 'scoreMs'

/** The columns of compare.json, compare.html and the editor's Compare runs view, in order. */
export const COMPARE_COLUMNS: readonly CompareColumn[] = [
  { key: 'imageAuroc', label: 'image AUROC', better: 'higher' },
  { key: 'pixelAuroc', label: 'pixel AUROC', better: 'higher' },
  { key: 'aupro', label: 'AUPRO', better: 'higher' },
  { key: 'f1', label: 'best F1', better: 'higher' },
  { key: 'fitMs', label: 'fit time', better: 'lower' },
  { key: 'scoreMs', label: 'score time', better: 'lower' },
]

/** One run of a comparison: what it was run with and what it measured. Null: not measured by this run. */
export interface CompareRun {
  id: string
  /** `k=3, score.alpha=1`, or the graph name for a run from history. */
  label: string
  params: Record<string, unknown>
  status: 'finished' | 'failed' | 'cancelled'
  error?: string
  imageAuroc: number | null
  pixelAuroc: number | null
  aupro: number | null
  /** The best image-level F1 over every threshold (independent of the graph's threshold method). */
  f1: number | null
  /** Milliseconds this run spent on the memory bank and everything it is built from (cheap loads only when the bank came from the cache). */
  fitMs: number | null
  /** Milliseconds this run spent on test features, scoring and maps. */
  scoreMs: number | null
  /** True when no memory bank was built: the bank (and the features it holds) came from the cache. */
  fitCached: boolean
  /** The image ROC curve. */
  roc: { fpr: number[]; tpr: number[] } | null
  /** Node ids that ran and that were loaded from the cache. */
  executed: string[]
  cached: string[]
}

/** compare.json: every run of a sweep (or of a selection from the run history) side by side. */
export interface CompareReport {
  format: 'inspectflow-compare'
  version: 1
  title: string
  createdAt: string
  /** The grid swept, empty for a selection from history. */
  grid: { name: string; values: unknown[] }[]
  columns: readonly CompareColumn[]
  runs: CompareRun[]
  /** Per column, the ids of the runs with the best value (all of them on a tie). */
  best: Partial<Record<CompareMetricKey, string[]>>
}
