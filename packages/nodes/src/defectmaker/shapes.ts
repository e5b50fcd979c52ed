import type { SeededRandom } from '../contract/random'
import { bezierMask } from './bezier-curve'
import type { DefectShapeConfig, NumberRange } from './defect-values'
import { createMask, cropMask, intersectMasks, type Mask, maskBoundingBox } from './mask'
import { resizeBicubic } from './resize-bicubic'
import { rotateMaskExpand } from './rotate-mask'

/** Clump noise values are uniform integers in [77, 177] (mean 127, fluct 50). */
const CLUMP_NOISE: NumberRange = [77, 177]

/** Reference parameter sets of REB-METHOD 3.2-3.3, by family. */
export const DEFAULT_SHAPES: Record<DefectShapeConfig['family'], DefectShapeConfig> = {
  bezier: shapeDefaults('bezier', [5, 6], 3.3),
  scar: shapeDefaults('scar', [5, 6], 3.3),
  clump: shapeDefaults('clump', [5, 9], 3),
}

function shapeDefaults(family: DefectShapeConfig['family'], vertices: NumberRange, aspectRatio: number): DefectShapeConfig {
  return {
    family,
    vertices,
    smoothing: [0.2, 0.3, 0.4],
    areaRatio: [0.02, 0.15],
    aspectRatio,
    scarWidth: [7, 21],
    scarHeight: [15, 30],
    scarRotation: [-45, 45],
    clumpScale: [5, 7],
    clumpAspect: 2,
    clumpThreshold: 138,
  }
}

/** Log-uniform draw in [1/a, a]. */
function logUniformAspect(a: number, rng: SeededRandom): number {
  return Math.exp(rng.uniform(Math.log(1 / a), Math.log(a)))
}

/**
 * Box size of `RectShapeMaker.get_rect_param`: area A ~ U(areaRatio) x image area, aspect log-uniform,
 * W = round(sqrt(A a)), H = round(sqrt(A / a)), clamped to the image.
 */
export function randomBoxSize(imageSize: number, areaRatio: NumberRange, aspectRatio: number, rng: SeededRandom): { width: number; height: number } {
  const area = rng.uniform(areaRatio[0], areaRatio[1]) * imageSize * imageSize
  const aspect = logUniformAspect(aspectRatio, rng)
  let width = Math.round(Math.sqrt(area * aspect))
  let height = Math.round(Math.sqrt(area / aspect))
  if (width > imageSize) {
    width = imageSize
    height = Math.round(area / width)
  }
  if (height > imageSize) {
    height = imageSize
    width = Math.round(area / height)
  }
  return { width: Math.max(1, Math.min(width, imageSize)), height: Math.max(1, Math.min(height, imageSize)) }
}

function bezierOfSize(config: DefectShapeConfig, width: number, height: number, rng: SeededRandom): Mask {
  const vertices = rng.int(config.vertices[0], config.vertices[1])
  return bezierMask({ width, height, vertices, k: rng.pick(config.smoothing) }, rng)
}

/** The clump field: upscaled uniform noise thresholded into blobs (`RectClumpShapeMaker`). */
export function clumpField(config: DefectShapeConfig, width: number, height: number, rng: SeededRandom): Mask {
  const scale = rng.uniform(config.clumpScale[0], config.clumpScale[1])
  const blobAspect = logUniformAspect(config.clumpAspect, rng)
  // both noise sides derive from the width, as the reference does
  const noiseW = Math.max(Math.floor((width / scale) * blobAspect), 1)
  const noiseH = Math.max(Math.floor(width / scale / blobAspect), 1)
  const noise = new Uint8Array(noiseW * noiseH)
  for (let i = 0; i < noise.length; i++) noise[i] = rng.int(CLUMP_NOISE[0], CLUMP_NOISE[1])
  const field = resizeBicubic({ width: noiseW, height: noiseH, channels: 1, data: noise }, width, height)
  const mask = createMask(width, height)
  for (let i = 0; i < mask.data.length; i++) mask.data[i] = field.data[i]! > config.clumpThreshold ? 1 : 0
  return mask
}

/** Scar: a small Bezier mask rotated by an integer angle and cropped to its tight box. */
function scarShape(config: DefectShapeConfig, rng: SeededRandom): Mask {
  const width = rng.int(config.scarWidth[0], config.scarWidth[1])
  const height = rng.int(config.scarHeight[0], config.scarHeight[1])
  const angle = rng.int(config.scarRotation[0], config.scarRotation[1])
  const rotated = rotateMaskExpand(bezierOfSize(config, width, height, rng), angle)
  const box = maskBoundingBox(rotated)
  if (!box) throw new RangeError('scar shape: empty after rotation')
  return cropMask(rotated, box)
}

/**
 * One random shape of the configured family for an imageSize x imageSize image (REB-METHOD 3.3). The
 * mask is the defect's bounding box: bezier and scar fill it edge to edge, clump may be fragmented.
 */
export function makeShape(config: DefectShapeConfig, imageSize: number, rng: SeededRandom): Mask {
  if (config.family === 'scar') return scarShape(config, rng)
  const box = randomBoxSize(imageSize, config.areaRatio, config.aspectRatio, rng)
  const curve = bezierOfSize(config, box.width, box.height, rng)
  if (config.family === 'bezier') return curve
  return intersectMasks(clumpField(config, box.width, box.height, rng), curve)
}
