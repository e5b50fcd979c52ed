import type { DefectFillConfig, DefectMakerConfig, SaliencyConfig, ShapeFamily } from './defect-values'
import { DEFAULT_NOISE_FILL } from './fills'
import { DEFAULT_SHAPES } from './shapes'

/** Uniform placement: the reference's behaviour without saliency maps (textures, LOCO). */
export const UNIFORM_SALIENCY: SaliencyConfig = {
  mode: 'uniform',
  substitute: false,
  fileSuffix: '_saliency.jpg',
  note: 'uniform placement (no saliency)',
}

/** Edge kernel of each family (REB-METHOD 3.1): 5 for bezier, 3 for scar and clump. */
const EDGE_KERNEL: Record<ShapeFamily, number> = { bezier: 5, scar: 3, clump: 3 }

/** A maker with the reference's blending for its family (clump fuses with weight U(0.5, 1)). */
export function referenceMaker(family: ShapeFamily, fill: DefectFillConfig, saliency: SaliencyConfig = UNIFORM_SALIENCY): DefectMakerConfig {
  const prefix = family === 'bezier' ? 'bezier' : `bezier_${family}`
  return {
    name: `${prefix}_${fill.kind === 'noise' ? 'noise' : 'cp'}`,
    shape: DEFAULT_SHAPES[family],
    fill,
    saliency,
    blend: { edgeKernel: EDGE_KERNEL[family], blurProb: 0.5, fuseWeight: family === 'clump' ? [0.5, 1] : 1 },
    jitterFill: true,
  }
}

/**
 * "com6": the six makers in label order 1..6 (REB-METHOD 3.1): bezier, scar, clump with cut-paste,
 * then the same three with random noise.
 */
export function referenceMakers(saliency: SaliencyConfig = UNIFORM_SALIENCY): DefectMakerConfig[] {
  const families: ShapeFamily[] = ['bezier', 'scar', 'clump']
  const fills: DefectFillConfig[] = [{ kind: 'cutpaste' }, DEFAULT_NOISE_FILL]
  return fills.flatMap((fill) => families.map((family) => referenceMaker(family, fill, saliency)))
}
