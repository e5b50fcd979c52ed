import { connectedComponents } from './components'
import { type PixelSet, splitPixels } from './pixel-set'
import { argsortFloat32 } from './radix-sort'

/** Result of AUPRO: the normalised area, or null with the reason. */
export interface AuproResult {
  value: number | null
  note?: string
}

/** Positive pixels with the PRO credit each one carries: 1 / (|R| * number of regions). */
interface RegionPixels {
  scores: Float32Array
  credit: Float64Array
  regionCount: number
}

function collectRegionPixels(set: PixelSet, images: readonly number[]): RegionPixels {
  const perImage = images.map((i) => {
    const mask = set.masks[i]
    return mask ? connectedComponents(mask, set.size) : null
  })
  const regionCount = perImage.reduce((sum, c) => sum + (c ? c.areas.length - 1 : 0), 0)
  const pixelCount = perImage.reduce((sum, c) => sum + (c ? c.areas.reduce((a, b) => a + b, 0) : 0), 0)
  const scores = new Float32Array(pixelCount)
  const credit = new Float64Array(pixelCount)
  let p = 0
  images.forEach((image, j) => {
    const comps = perImage[j]
    if (!comps) return
    const map = set.maps.subarray(image * set.size * set.size, (image + 1) * set.size * set.size)
    for (let k = 0; k < map.length; k++) {
      const label = comps.labels[k] as number
      if (label === 0) continue
      scores[p] = map[k] as number
      credit[p++] = 1 / ((comps.areas[label] as number) * regionCount)
    }
  })
  return { scores, credit, regionCount }
}

/**
 * Walks the distinct thresholds from the highest down (rule `score >= t`) and integrates PRO over
 * FPR with the trapezoid rule up to `maxFpr`, interpolating linearly at the limit.
 */
function integratePro(normal: Float32Array, region: RegionPixels, maxFpr: number): number {
  const order = argsortFloat32(region.scores).reverse()
  let ni = normal.length - 1
  let pi = 0
  let fp = 0
  let pro = 0
  let lastFpr = 0
  let lastPro = 0
  let area = 0
  while (ni >= 0 || pi < order.length) {
    const nextNormal = ni >= 0 ? (normal[ni] as number) : -Infinity
    const nextRegion = pi < order.length ? (region.scores[order[pi] as number] as number) : -Infinity
    const t = Math.max(nextNormal, nextRegion)
    while (ni >= 0 && normal[ni] === t) {
      fp++
      ni--
    }
    while (pi < order.length && region.scores[order[pi] as number] === t) pro += region.credit[order[pi++] as number] as number
    const fpr = fp / normal.length
    if (fpr >= maxFpr) {
      const proAtLimit = fpr === lastFpr ? pro : lastPro + ((pro - lastPro) * (maxFpr - lastFpr)) / (fpr - lastFpr)
      return (area + ((maxFpr - lastFpr) * (lastPro + proAtLimit)) / 2) / maxFpr
    }
    area += ((fpr - lastFpr) * (lastPro + pro)) / 2
    lastFpr = fpr
    lastPro = pro
  }
  return area / maxFpr
}

/**
 * AUPRO (MVTec AD protocol, REB-METHOD 8.3): PRO(t) is the mean over every 8-connected
 * ground-truth region R of |{score >= t} ∩ R| / |R|; FPR(t) the fraction of ground-truth-normal
 * pixels with score >= t; the area under PRO vs FPR on [0, maxFpr], divided by maxFpr, so a
 * perfect map scores 1. Exact over all distinct thresholds (no threshold grid).
 */
export function aupro(set: PixelSet, images: readonly number[], maxFpr = 0.3): AuproResult {
  if (!(maxFpr > 0 && maxFpr <= 1)) throw new RangeError(`aupro maxFpr: expected a number in (0, 1], found ${maxFpr}`)
  const region = collectRegionPixels(set, images)
  if (region.regionCount === 0) return { value: null, note: 'no ground-truth anomalous region' }
  const normal = splitPixels(set, images).neg
  if (normal.length === 0) return { value: null, note: 'no ground-truth normal pixel' }
  return { value: integratePro(normal, region, maxFpr) }
}
