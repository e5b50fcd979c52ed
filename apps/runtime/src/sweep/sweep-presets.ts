import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import type { GridAxis } from './sweep-grid'

/** The presets shipped with the product: graphs/sweeps/*.json. */
export const PRESETS_DIR = fileURLToPath(new URL('../../../../graphs/sweeps/', import.meta.url))

/**
 * A sweep preset file: which graph, which grid, which fixed overrides. `graph` is relative to the
 * preset's folder; `grid` lists values per name in run order.
 */
export interface SweepPreset {
  name: string
  description: string
  /** The graph file, relative to the preset file. */
  graph: string
  grid: Record<string, unknown[]>
  set?: Record<string, string | number | boolean>
}

/** A preset read from disk with its graph's absolute path and its grid as axes. */
export interface LoadedPreset {
  preset: SweepPreset
  graphPath: string
  axes: GridAxis[]
}

/** The names of the presets in `dir` (file names without .json), sorted. */
export async function presetNames(dir = PRESETS_DIR): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((file) => file.endsWith('.json')).map((file) => file.slice(0, -5)).sort()
  } catch {
    return []
  }
}

/** Reads `<dir>/<name>.json`; an unknown name lists the presets there, a malformed file says which field is wrong. */
export async function loadPreset(name: string, dir = PRESETS_DIR): Promise<LoadedPreset> {
  const names = await presetNames(dir)
  if (!names.includes(name)) throw new Error(`unknown sweep preset "${name}"; expected one of ${names.join(', ') || '(none in ' + dir + ')'}`)
  const file = join(dir, `${name}.json`)
  const preset = JSON.parse(await readFile(file, 'utf8')) as SweepPreset
  if (typeof preset.graph !== 'string') throw new Error(`sweep preset ${file}: "graph" must be the path of a graph file, received ${JSON.stringify(preset.graph)}`)
  if (!preset.grid || typeof preset.grid !== 'object') throw new Error(`sweep preset ${file}: "grid" must map names to value lists, received ${JSON.stringify(preset.grid)}`)
  const axes = Object.entries(preset.grid).map(([axisName, values]) => {
    if (!Array.isArray(values) || values.length === 0) throw new Error(`sweep preset ${file}: grid "${axisName}" must be a non-empty list of values, received ${JSON.stringify(values)}`)
    return { name: axisName, values }
  })
  return { preset, graphPath: resolve(dirname(file), preset.graph), axes }
}
