import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'

import { UsageError } from './cli-io'

/** A graph file's text and where it lives (relative params resolve against its folder). */
export interface GraphFileText {
  path: string
  text: string
}

/** Reads a graph file given on the command line; a missing file is a usage error. */
export async function readGraphFile(cwd: string, path: string | undefined): Promise<GraphFileText> {
  if (!path) throw new UsageError('missing GRAPH: give the path of a graph JSON file')
  const absolute = resolve(cwd, path)
  try {
    return { path: absolute, text: await readFile(absolute, 'utf8') }
  } catch {
    throw new UsageError(`cannot read graph file "${path}" (${absolute})`)
  }
}
