/** An 8-bit image in row-major HWC order (3 channels for RGB, 1 for masks and saliency maps). */
export interface RgbImage {
  width: number
  height: number
  channels: 1 | 3
  data: Uint8Array
}
