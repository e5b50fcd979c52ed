import type { ImageFit, Resample } from '../image/read-image'

/** One image of a dataset, by reference: nodes decode it when they need pixels. */
export interface DatasetImage {
  /** Absolute path of the image file. */
  path: string
  /** Path relative to the dataset root, used in reports and as a stable id. */
  name: string
  /** 0 = normal, 1 = anomalous. */
  label: 0 | 1
  /** `good` for normal images, else the defect type (the MVTec sub-folder name). */
  defectType: string
  /** Absolute path of the ground-truth mask, where one exists. */
  maskPath?: string
  /** Absolute path of a saliency map next to the image, where one exists. */
  saliencyPath?: string
  /**
   * A new image to check, without a label (the dataset's inspect folder): it is scored, thresholded
   * and mapped with the test images but never counted in metrics or used to choose a threshold.
   */
  inspect?: true
  /** How this image (and its mask) becomes square; absent = squash. Set from the dataset's fit, so that nodes seeing only images (metrics, reports) read them as the features did. */
  fit?: ImageFit
}

/** What travels on a `Dataset` socket. */
export interface DatasetValue {
  root: string
  layout: 'mvtec' | 'folder' | 'paths' | 'synthetic'
  /** Square side length every image and mask is resized to. */
  imageSize: number
  /** How images are resized to imageSize; absent means DEFAULT_RESAMPLE (masks always use Pillow's filter). */
  resample?: Resample
  /** How non-square images become square; absent = squash (also recorded on every image). */
  fit?: ImageFit
  train: DatasetImage[]
  test: DatasetImage[]
  /** Hash of the file list with sizes and mtimes: changes whenever the data on disk changes. */
  fingerprint: string
}

declare module '../contract/socket-values' {
  interface SocketValues {
    Dataset: DatasetValue
  }
}
