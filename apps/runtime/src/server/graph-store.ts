import { randomBytes } from 'node:crypto'
import { link, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { badRequest, conflict, notFound } from './errors'

/** Names a graph may be saved under: no separators, no leading dot, so a name can never leave its folder. */
export const GRAPH_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,80}$/

/** One row of `GET /api/graphs`. */
export interface GraphSummary {
  name: string
  title: string
  description: string
  template: boolean
  updatedAt: string
}

/** A stored graph and where it came from. */
export interface StoredGraph {
  name: string
  graph: unknown
  template: boolean
}

/** Throws 400 unless `name` is a valid graph name. */
export function checkGraphName(name: string): void {
  if (!GRAPH_NAME_PATTERN.test(name)) {
    throw badRequest(
      `graph name "${name}" is not allowed: use 1-81 letters, digits, spaces, "_", "." or "-", starting with a letter or digit`,
      undefined,
      'invalid_name',
    )
  }
}

async function listJsonFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    return entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => e.name)
  } catch {
    return []
  }
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown
}

function describeGraph(graph: unknown): { title?: string; description?: string } {
  if (typeof graph !== 'object' || graph === null) return {}
  const { name, description } = graph as { name?: unknown; description?: unknown }
  return {
    title: typeof name === 'string' ? name : undefined,
    description: typeof description === 'string' ? description : undefined,
  }
}

/** A listing row and the file state it was read from. */
interface IndexedSummary {
  /** inode, size and mtime in whole ms: saves go through a rename, so they always change the inode */
  version: string
  row: GraphSummary
}

/**
 * Listing rows by file, re-read only when a file's size or mtime changes: listing used to parse every
 * graph on every call, and one huge file made each listing take seconds.
 */
class SummaryIndex {
  private readonly rows = new Map<string, IndexedSummary>()

  async summarise(dir: string, file: string, template: boolean): Promise<GraphSummary> {
    const full = path.join(dir, file)
    const info = await stat(full)
    const version = `${info.ino}:${info.size}:${info.mtime.getTime()}`
    const known = this.rows.get(full)
    if (known?.version === version) return known.row
    const name = file.slice(0, -'.json'.length)
    const graph = await readJson(full).catch(() => undefined)
    const { title, description } = describeGraph(graph)
    const row = {
      name,
      title: title ?? name,
      description: graph === undefined ? 'this file is not valid JSON' : (description ?? ''),
      template,
      updatedAt: info.mtime.toISOString(),
    }
    this.rows.set(full, { version, row })
    return row
  }

  /** Drops rows of files no longer listed, so deleted graphs do not pin memory. */
  keepOnly(files: Set<string>): void {
    for (const file of this.rows.keys()) if (!files.has(file)) this.rows.delete(file)
  }
}

function tmpNameFor(file: string): string {
  return `${file}.${randomBytes(6).toString('hex')}.tmp`
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file behind. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const tmp = tmpNameFor(file)
  try {
    await writeFile(tmp, text)
    await rename(tmp, file)
  } catch (error) {
    await rm(tmp, { force: true })
    throw error
  }
}

/**
 * Writes a complete file under `file` only if no file has that name: the content is written aside and
 * hard-linked into place, and link() fails with EEXIST atomically, so of concurrent creators exactly one
 * wins. Returns false when the name was taken.
 */
export async function createFileExclusive(file: string, text: string): Promise<boolean> {
  await mkdir(path.dirname(file), { recursive: true })
  const tmp = tmpNameFor(file)
  try {
    await writeFile(tmp, text)
    await link(tmp, file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    await rm(tmp, { force: true })
  }
}

/**
 * Graph files by name: read-only templates (the product's graphs/ folder) and the user's own graphs in a
 * writable folder. Template names are reserved: saving or deleting one is a 409.
 */
export class GraphStore {
  private readonly index = new SummaryIndex()

  constructor(
    readonly userDir: string,
    private readonly templatesDir: string,
  ) {}

  private userFile(name: string): string {
    return path.join(this.userDir, `${name}.json`)
  }

  private templateFile(name: string): string {
    return path.join(this.templatesDir, `${name}.json`)
  }

  private async isTemplate(name: string): Promise<boolean> {
    return (await listJsonFiles(this.templatesDir)).includes(`${name}.json`)
  }

  /** Templates first, then user graphs, each sorted by name. */
  async list(): Promise<GraphSummary[]> {
    const [templates, users] = await Promise.all([listJsonFiles(this.templatesDir), listJsonFiles(this.userDir)])
    const templateRows = await Promise.all(templates.sort().map((f) => this.index.summarise(this.templatesDir, f, true)))
    const templateNames = new Set(templateRows.map((row) => row.name))
    const userFiles = users.sort().filter((f) => !templateNames.has(f.slice(0, -5)))
    const userRows = await Promise.all(userFiles.map((f) => this.index.summarise(this.userDir, f, false)))
    this.index.keepOnly(new Set([...templates.map((f) => path.join(this.templatesDir, f)), ...userFiles.map((f) => path.join(this.userDir, f))]))
    return [...templateRows, ...userRows]
  }

  /** The graph saved under `name`; 404 when there is none. */
  async get(name: string): Promise<StoredGraph> {
    checkGraphName(name)
    const template = await this.isTemplate(name)
    const file = template ? this.templateFile(name) : this.userFile(name)
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch {
      throw notFound(`no graph named "${name}"; GET /api/graphs lists the saved graphs and templates`)
    }
    try {
      return { name, graph: JSON.parse(text) as unknown, template }
    } catch (error) {
      throw badRequest(`graph "${name}" is stored but is not valid JSON: ${(error as Error).message}`, undefined, 'invalid_json')
    }
  }

  /** Saves atomically. Returns whether the name was new. 409 for a template name or, without overwrite, an existing one. */
  async save(name: string, graph: unknown, overwrite: boolean): Promise<{ created: boolean }> {
    checkGraphName(name)
    if (await this.isTemplate(name)) {
      throw conflict(`"${name}" is a read-only template; save your changes under another name`, 'template_read_only')
    }
    // compact: indentation multiplied a deeply nested body many times over on disk
    const text = `${JSON.stringify(graph)}\n`
    if (!overwrite) {
      if (await createFileExclusive(this.userFile(name), text)) return { created: true }
      throw conflict(`a graph named "${name}" already exists; choose another name or save with overwrite=true`)
    }
    const exists = (await listJsonFiles(this.userDir)).includes(`${name}.json`)
    await writeFileAtomic(this.userFile(name), text)
    return { created: !exists }
  }

  /** Deletes a user graph; 409 for templates, 404 for unknown names. */
  async delete(name: string): Promise<void> {
    checkGraphName(name)
    if (await this.isTemplate(name)) {
      throw conflict(`"${name}" is a read-only template and cannot be deleted`, 'template_read_only')
    }
    if (!(await listJsonFiles(this.userDir)).includes(`${name}.json`)) {
      throw notFound(`no graph named "${name}" to delete`)
    }
    await rm(this.userFile(name))
  }
}
