/**
 * Windows BMP files, which many industrial cameras and their tools write and which libvips (inside
 * sharp) cannot read: uncompressed 1, 4 and 8-bit paletted (greyscale cameras), 16-bit (5-5-5 or
 * bit fields), 24 and 32-bit images, bottom-up or top-down. Compressed (RLE, JPEG, PNG in BMP) files
 * are refused with the reason.
 */

/** Decoded BMP pixels, RGB interleaved, top row first. */
export interface BmpPixels {
  width: number
  height: number
  /** 1 for files whose palette is grey, else 3. */
  channels: 1 | 3
  data: Uint8Array
}

const BI_RGB = 0
const BI_BITFIELDS = 3
const BI_ALPHABITFIELDS = 6

/** True when the bytes start like a BMP file. */
export function isBmp(bytes: Uint8Array): boolean {
  return bytes.length >= 26 && bytes[0] === 0x42 && bytes[1] === 0x4d
}

/** Width and height from the header alone. */
export function bmpSize(bytes: Buffer): { width: number; height: number } {
  const header = readHeader(bytes)
  return { width: header.width, height: header.height }
}

interface BmpHeader {
  width: number
  height: number
  topDown: boolean
  bitCount: number
  compression: number
  dataOffset: number
  headerSize: number
  paletteSize: number
  masks?: [number, number, number]
}

function readHeader(bytes: Buffer): BmpHeader {
  if (!isBmp(bytes)) throw new Error('not a BMP file (no "BM" signature)')
  const headerSize = bytes.readUInt32LE(14)
  if (headerSize < 40) throw new Error(`unsupported BMP header of ${headerSize} bytes (OS/2 bitmaps are not read)`)
  const width = bytes.readInt32LE(18)
  const rawHeight = bytes.readInt32LE(22)
  const bitCount = bytes.readUInt16LE(28)
  const compression = bytes.readUInt32LE(30)
  const colorsUsed = bytes.readUInt32LE(46)
  if (width <= 0 || rawHeight === 0) throw new Error(`BMP size ${width} x ${rawHeight} is not an image`)
  const header: BmpHeader = {
    width,
    height: Math.abs(rawHeight),
    topDown: rawHeight < 0,
    bitCount,
    compression,
    dataOffset: bytes.readUInt32LE(10),
    headerSize,
    paletteSize: bitCount <= 8 ? colorsUsed || 2 ** bitCount : 0,
  }
  if (compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) {
    // masks follow a 40-byte header, and sit inside the larger V4/V5 headers at the same place
    header.masks = [bytes.readUInt32LE(54), bytes.readUInt32LE(58), bytes.readUInt32LE(62)]
  } else if (compression !== BI_RGB) {
    throw new Error(`compressed BMP (compression ${compression}) is not supported; save it uncompressed or as PNG`)
  }
  return header
}

/** Reads the value of one channel from a pixel word through its bit mask, scaled to 0..255. */
function channelOf(word: number, mask: number): number {
  if (mask === 0) return 0
  let shift = 0
  while (((mask >>> shift) & 1) === 0) shift++
  const max = mask >>> shift
  return Math.round((((word & mask) >>> shift) * 255) / max)
}

function palette(bytes: Buffer, header: BmpHeader): Uint8Array {
  const start = 14 + header.headerSize + (header.masks && header.headerSize === 40 ? 12 : 0)
  const colours = new Uint8Array(header.paletteSize * 3)
  for (let i = 0; i < header.paletteSize; i++) {
    colours[i * 3] = bytes[start + i * 4 + 2] as number
    colours[i * 3 + 1] = bytes[start + i * 4 + 1] as number
    colours[i * 3 + 2] = bytes[start + i * 4] as number
  }
  return colours
}

function isGreyPalette(colours: Uint8Array): boolean {
  for (let i = 0; i < colours.length; i += 3) if (colours[i] !== colours[i + 1] || colours[i] !== colours[i + 2]) return false
  return true
}

/** Decodes a whole BMP file. */
export function decodeBmp(bytes: Buffer): BmpPixels {
  const header = readHeader(bytes)
  const { width, height, bitCount } = header
  const stride = Math.ceil((width * bitCount) / 32) * 4
  if (header.dataOffset + stride * height > bytes.length) throw new Error(`BMP pixel data cut short: ${bytes.length} bytes, ${header.dataOffset + stride * height} needed`)
  const colours = bitCount <= 8 ? palette(bytes, header) : undefined
  const rgb = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    const row = header.dataOffset + (header.topDown ? y : height - 1 - y) * stride
    for (let x = 0; x < width; x++) writePixel(bytes, header, colours, row, x, rgb, (y * width + x) * 3)
  }
  if (colours && isGreyPalette(colours)) {
    const grey = new Uint8Array(width * height)
    for (let i = 0; i < grey.length; i++) grey[i] = rgb[i * 3] as number
    return { width, height, channels: 1, data: grey }
  }
  return { width, height, channels: 3, data: rgb }
}

function writePixel(bytes: Buffer, header: BmpHeader, colours: Uint8Array | undefined, row: number, x: number, out: Uint8Array, at: number): void {
  const bits = header.bitCount
  if (colours) {
    const perByte = 8 / bits
    const byte = bytes[row + Math.floor(x / perByte)] as number
    const index = (byte >> (8 - bits - (x % perByte) * bits)) & ((1 << bits) - 1)
    out.set(colours.subarray(index * 3, index * 3 + 3), at)
    return
  }
  if (bits === 24 || (bits === 32 && !header.masks)) {
    const p = row + x * (bits / 8)
    out[at] = bytes[p + 2] as number
    out[at + 1] = bytes[p + 1] as number
    out[at + 2] = bytes[p] as number
    return
  }
  if (bits === 16 || bits === 32) {
    const word = bits === 16 ? bytes.readUInt16LE(row + x * 2) : bytes.readUInt32LE(row + x * 4)
    const masks = header.masks ?? [0x7c00, 0x03e0, 0x001f]
    for (let c = 0; c < 3; c++) out[at + c] = channelOf(word, masks[c] as number)
    return
  }
  throw new Error(`BMP with ${bits} bits per pixel is not supported`)
}
