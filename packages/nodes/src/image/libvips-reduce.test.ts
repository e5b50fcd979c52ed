import { describe, expect, it } from 'vitest'

import { libvipsReducesAxis, reduceWithLibvips } from './libvips-reduce'
import { resizeBicubicPil } from './pil-resize'
import type { RgbImage } from './rgb-image'
import { pixelDifference, seededRandom } from './synthetic-images'

describe('libvipsReducesAxis', () => {
  it('takes only shrinks by more than 1 and less than 4', () => {
    expect(libvipsReducesAxis(256, 256)).toBe(false)
    expect(libvipsReducesAxis(255, 256)).toBe(false)
    expect(libvipsReducesAxis(257, 256)).toBe(true)
    expect(libvipsReducesAxis(900, 256)).toBe(true)
    expect(libvipsReducesAxis(1023, 256)).toBe(true)
    // from 4x libvips box-filters first
    expect(libvipsReducesAxis(1024, 256)).toBe(false)
  })
})

describe('reduceWithLibvips', () => {
  const random = seededRandom(7)
  const image = (channels: 1 | 3): RgbImage => {
    const data = new Uint8Array(120 * 90 * channels)
    for (let i = 0; i < data.length; i++) data[i] = Math.round(128 + 60 * Math.sin(i / 37) + 20 * random())
    return { width: 120, height: 90, channels, data }
  }

  it.each([1, 3] as const)('reduces one axis of a %i-channel image close to the Pillow port, keeping its channels', async (channels) => {
    const source = image(channels)
    for (const [width, height] of [[50, 90], [120, 40]] as const) {
      const fast = await reduceWithLibvips(source, width, height)
      expect([fast.width, fast.height, fast.channels]).toEqual([width, height, channels])
      const { mean, max } = pixelDifference(fast.data, resizeBicubicPil(source, width, height).data)
      expect(mean).toBeLessThanOrEqual(0.2)
      expect(max).toBeLessThanOrEqual(8)
    }
  })

  it('matches the exact port exactly on the outputs whose window the border clips', async () => {
    // a hard bright frame: where libvips repeats the edge pixel and Pillow renormalises, they part most
    const source = image(3)
    for (let y = 0; y < source.height; y++) {
      for (let x = 0; x < source.width; x++) {
        if (x < 3 || y < 3 || x >= source.width - 3 || y >= source.height - 3) source.data.fill(250, (y * source.width + x) * 3, (y * source.width + x) * 3 + 3)
      }
    }
    for (const [width, height] of [[41, 90], [120, 31]] as const) {
      const fast = await reduceWithLibvips(source, width, height)
      const exact = resizeBicubicPil(source, width, height)
      const line = (img: RgbImage, index: number): number[] =>
        width !== source.width
          ? Array.from({ length: img.height * 3 }, (_, k) => img.data[(Math.floor(k / 3) * img.width + index) * 3 + (k % 3)] as number)
          : Array.from(img.data.subarray(index * img.width * 3, (index + 1) * img.width * 3))
      const last = (width !== source.width ? width : height) - 1
      for (const index of [0, 1, last - 1, last]) expect(line(fast, index)).toEqual(line(exact, index))
    }
  })
})
