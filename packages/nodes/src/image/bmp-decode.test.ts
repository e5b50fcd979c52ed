import { describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { bmpSize, decodeBmp } from './bmp-decode'

/** A BMP file as a camera tool writes it: 40-byte header, optional palette or masks, padded rows. */
function encodeBmp(width: number, height: number, bitCount: number, pixel: (x: number, y: number) => number[], options: { topDown?: boolean; palette?: number[][]; masks?: number[] } = {}): Buffer {
  const stride = Math.ceil((width * bitCount) / 32) * 4
  const extra = (options.palette?.length ?? 0) * 4 + (options.masks ? 12 : 0)
  const offset = 54 + extra
  const out = Buffer.alloc(offset + stride * height)
  out.write('BM', 0)
  out.writeUInt32LE(out.length, 2)
  out.writeUInt32LE(offset, 10)
  out.writeUInt32LE(40, 14)
  out.writeInt32LE(width, 18)
  out.writeInt32LE(options.topDown ? -height : height, 22)
  out.writeUInt16LE(1, 26)
  out.writeUInt16LE(bitCount, 28)
  out.writeUInt32LE(options.masks ? 3 : 0, 30)
  out.writeUInt32LE(options.palette?.length ?? 0, 46)
  options.palette?.forEach(([r, g, b], i) => out.set([b as number, g as number, r as number, 0], 54 + i * 4))
  options.masks?.forEach((m, i) => out.writeUInt32LE(m, 54 + i * 4))
  for (let y = 0; y < height; y++) {
    const row = offset + (options.topDown ? y : height - 1 - y) * stride
    for (let x = 0; x < width; x++) {
      const v = pixel(x, y)
      if (bitCount === 24) out.set([v[2] as number, v[1] as number, v[0] as number], row + x * 3)
      else if (bitCount === 8) out[row + x] = v[0] as number
      else if (bitCount === 4) out[row + (x >> 1)] = (out[row + (x >> 1)] as number) | ((v[0] as number) << (x % 2 === 0 ? 4 : 0))
      else if (bitCount === 16) out.writeUInt16LE(v[0] as number, row + x * 2)
      else if (bitCount === 32) out.writeUInt32LE(v[0] as number, row + x * 4)
    }
  }
  return out
}

const rng = createRandom('bmp')
const rgbAt = Array.from({ length: 7 * 5 }, () => [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)])

describe('decodeBmp', () => {
  it('reads 24-bit files bottom-up and top-down, with padded rows, as RGB top row first', () => {
    for (const topDown of [false, true]) {
      const file = encodeBmp(7, 5, 24, (x, y) => rgbAt[y * 7 + x] as number[], { topDown })
      const decoded = decodeBmp(file)
      expect([decoded.width, decoded.height, decoded.channels]).toEqual([7, 5, 3])
      expect(Array.from(decoded.data)).toEqual(rgbAt.flat())
      expect(bmpSize(file)).toEqual({ width: 7, height: 5 })
    }
  })

  it('reads 8 and 4-bit grey palettes as one channel, colour palettes as RGB', () => {
    const grey = Array.from({ length: 256 }, (_, i) => [i, i, i])
    const decoded = decodeBmp(encodeBmp(6, 3, 8, (x, y) => [x * 40 + y], { palette: grey }))
    expect(decoded.channels).toBe(1)
    expect(Array.from(decoded.data)).toEqual([0, 40, 80, 120, 160, 200, 1, 41, 81, 121, 161, 201, 2, 42, 82, 122, 162, 202])
    const colours = [[255, 0, 0], [0, 255, 0], [0, 0, 255]]
    const four = decodeBmp(encodeBmp(3, 1, 4, (x) => [x], { palette: colours }))
    expect([four.channels, ...four.data]).toEqual([3, 255, 0, 0, 0, 255, 0, 0, 0, 255])
  })

  it('reads 16-bit 5-5-5 and 32-bit bit-field pixels', () => {
    const five = decodeBmp(encodeBmp(2, 1, 16, (x) => [x === 0 ? 0x7c00 : 0x001f]))
    expect(Array.from(five.data)).toEqual([255, 0, 0, 0, 0, 255])
    const fields = decodeBmp(encodeBmp(1, 1, 32, () => [0x00ff8000], { masks: [0x00ff0000, 0x0000ff00, 0x000000ff] }))
    expect(Array.from(fields.data)).toEqual([255, 128, 0])
  })

  it('refuses compressed and truncated files with the reason', () => {
    const file = encodeBmp(4, 4, 24, () => [1, 2, 3])
    const rle = Buffer.from(file)
    rle.writeUInt32LE(1, 30)
    expect(() => decodeBmp(rle)).toThrow(/compressed BMP \(compression 1\) is not supported/)
    expect(() => decodeBmp(file.subarray(0, 70))).toThrow(/BMP pixel data cut short/)
    expect(() => decodeBmp(Buffer.from('PNG not a bmp at all......'))).toThrow(/not a BMP file/)
  })
})
