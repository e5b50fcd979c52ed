import { computeMetrics, type DatasetImage, loadMasks, type MetricsValue, type ScoresValue } from '@inspectflow/nodes'

/** Image AUROC, pixel AUROC over every test pixel, and pixel AUROC over the defective images only. */
export interface Accuracy {
  imageAuroc: number | null
  pixelAuroc: number | null
  anomalyOnlyPixelAuroc: number | null
  aupro: number | null
  images: number
  defective: number
  /** The full evaluation (per defect type, best F1, counts), as eval.metrics computes it. */
  metrics: MetricsValue
}

/**
 * The bench's accuracy is eval.metrics' own computation (the same code the graph's metrics node
 * runs), on masks resized like the reference's (PIL bicubic, > 0; REB-METHOD 8.1).
 */
export async function computeAccuracy(scores: ScoresValue, signal: AbortSignal): Promise<Accuracy> {
  const size = scores.pixelMaps.shape[1] as number
  const masks = await loadMasks({ signal, progress: () => undefined }, scores.images, size)
  const metrics = computeMetrics({
    imageScores: scores.imageScores,
    labels: scores.images.map((image: DatasetImage) => image.label),
    defectTypes: scores.images.map((image) => image.defectType),
    pixels: { maps: scores.pixelMaps.data, masks, size },
  })
  const { overall } = metrics
  return {
    imageAuroc: overall.imageAuroc,
    pixelAuroc: overall.pixelAuroc,
    anomalyOnlyPixelAuroc: overall.pixelAurocAnomalous,
    aupro: overall.aupro,
    images: overall.imageCount,
    defective: overall.anomalousCount,
    metrics,
  }
}
