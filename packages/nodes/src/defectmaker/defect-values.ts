/**
 * Values that travel on the DefectMaker sockets. They are plain, serialisable configurations (families,
 * ranges, modes), never functions: the algorithms in this folder interpret them with a seeded random
 * generator, so a graph file fully describes the synthetic defects it trains on (REB-METHOD section 3).
 */

/** An inclusive numeric range [lo, hi]. */
export type NumberRange = [number, number]

/** Which of the three Bezier shape families of REB-METHOD 3.3. */
export type ShapeFamily = 'bezier' | 'scar' | 'clump'

/** A random shape generator (REB-METHOD 3.2-3.3). Sizes are in pixels of the working image. */
export interface DefectShapeConfig {
  family: ShapeFamily
  /** Number of random polygon vertices, inclusive integer range ({5,6} for bezier/scar, {5..9} for clump). */
  vertices: NumberRange
  /** Smoothing factors k the generator picks from (0.2, 0.3, 0.4 in the reference). */
  smoothing: number[]
  /** Box area as a fraction of the image area (bezier and clump: [0.02, 0.15]). */
  areaRatio: NumberRange
  /** Box aspect ratio a: drawn log-uniformly in [1/a, a] (3.3 for bezier, 3 for clump). */
  aspectRatio: number
  /** Scar width and height in pixels before rotation, inclusive ([7, 21] x [15, 30]). */
  scarWidth: NumberRange
  scarHeight: NumberRange
  /** Scar rotation in degrees, inclusive integers ([-45, 45]). */
  scarRotation: NumberRange
  /** Clump blob scale s ~ U(lo, hi) ([5, 7]). */
  clumpScale: NumberRange
  /** Clump blob aspect b drawn log-uniformly in [1/b, b] (2). */
  clumpAspect: number
  /** Clump field: pixels above this value of the upscaled [77, 177] noise are kept (138). */
  clumpThreshold: number
}

/** Random coloured noise (REB-METHOD 3.4): one combination of the four lists is picked uniformly. */
export interface NoiseFillConfig {
  kind: 'noise'
  means: number[]
  flucts: number[]
  scales: number[]
  aspects: number[]
}

/** A patch cut from a random (augmented) training image around one of its salient pixels. */
export interface CutPasteFillConfig {
  kind: 'cutpaste'
}

/** What travels on a `DefectFill` socket. */
export type DefectFillConfig = NoiseFillConfig | CutPasteFillConfig

/** Where defects may be placed: everywhere, a map file next to each image, or an estimated foreground. */
export type SaliencyMode = 'uniform' | 'files' | 'foreground'

/** What travels on a `Saliency` socket. */
export interface SaliencyConfig {
  mode: SaliencyMode
  /**
   * True when the maps are not the reference's learned (EDN) saliency: the built-in foreground estimate
   * is a classical substitute and every report must say so (REB-METHOD 12.5).
   */
  substitute: boolean
  /** Suffix appended to an image path without extension to find its map (`_saliency.jpg`). */
  fileSuffix: string
  /** A sentence for reports: which maps were used and how many images have one. */
  note: string
}

/** Blending of the fill into the image (REB-METHOD 3.6). */
export interface BlendConfig {
  /** Erosion and Gaussian-blur kernel k (5 for bezier, 3 for scar and clump); made odd. */
  edgeKernel: number
  /** Probability of the soft (eroded and blurred) edge instead of the hard binary mask. */
  blurProb: number
  /** Opacity: a constant or a range [lo, hi] drawn uniformly per defect. */
  fuseWeight: number | NumberRange
}

/** What travels on a `DefectMaker` socket: shape x fill x placement x blend, plus a label name. */
export interface DefectMakerConfig {
  /** Class name, e.g. `bezier_cp`; the class index is the maker's position in the list (1-based). */
  name: string
  shape: DefectShapeConfig
  fill: DefectFillConfig
  saliency: SaliencyConfig
  blend: BlendConfig
  /** Colour-jitter the fill before blending, as the reference does (ColorJitter 0.1 x 4). */
  jitterFill: boolean
}

/** A PNG written for people (the defect preview), by artifact path. */
export interface ImageValue {
  artifact: string
  width: number
  height: number
}

declare module '../contract/socket-values' {
  interface SocketValues {
    DefectShape: DefectShapeConfig
    DefectFill: DefectFillConfig
    Saliency: SaliencyConfig
    DefectMaker: DefectMakerConfig
    Image: ImageValue
  }
}
