/**
 * How far `bicubic` is from the exact Pillow port, and what each costs, on real files:
 *   npx tsx packages/nodes/src/image/measure-resize-parity.ts DIR [SIZE] [MAX_FILES]
 * walks DIR for PNG/JPEG/TIFF files (sorted, the first MAX_FILES, default 60), resizes each to SIZE
 * (default 256) both ways and prints the worst files, the overall mean and max abs difference in grey
 * levels, and the CPU milliseconds per image of each resample. Not part of the test suite.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'

import { readImageRgb, type Resample } from './read-image'
import { pixelDifference } from './synthetic-images'

const print = (line: string): void => {
  process.stdout.write(`${line}\n`)
}

async function imageFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries
    .filter((e) => e.isFile() && /\.(png|jpe?g|tiff?)$/i.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort()
}

/** CPU time of the whole process (libvips' threads included) per call, in milliseconds. */
async function cpuMsPerImage(files: string[], size: number, resample: Resample): Promise<number> {
  const start = process.cpuUsage()
  for (const file of files) await readImageRgb(file, size, resample)
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000 / files.length
}

async function main(): Promise<void> {
  const [dir, sizeText = '256', maxText = '60'] = process.argv.slice(2)
  if (!dir) throw new Error('usage: measure-resize-parity.ts DIR [SIZE] [MAX_FILES]')
  const size = Number(sizeText)
  const files = (await imageFiles(dir)).slice(0, Number(maxText))
  if (files.length === 0) throw new Error(`no PNG/JPEG/TIFF files under "${dir}"`)
  const rows: { file: string; mean: number; max: number }[] = []
  for (const file of files) {
    const fast = await readImageRgb(file, size, 'bicubic')
    const exact = await readImageRgb(file, size, 'pillow-bicubic')
    rows.push({ file, ...pixelDifference(fast.data, exact.data) })
  }
  rows.sort((a, b) => b.mean - a.mean)
  for (const row of rows.slice(0, 5)) print(`${row.mean.toFixed(3)} mean, ${row.max} max  ${row.file}`)
  const mean = rows.reduce((s, r) => s + r.mean, 0) / rows.length
  const max = Math.max(...rows.map((r) => r.max))
  print(`${files.length} files -> ${size}: mean abs diff ${mean.toFixed(3)}, worst file mean ${rows[0]?.mean.toFixed(3)}, max ${max}`)
  // warm both paths once, then time them back to back
  for (const resample of ['bicubic', 'pillow-bicubic'] as const) await cpuMsPerImage(files.slice(0, 3), size, resample)
  for (const resample of ['bicubic', 'pillow-bicubic'] as const) {
    print(`${resample}: ${(await cpuMsPerImage(files, size, resample)).toFixed(1)} ms CPU per image`)
  }
}

await main()
