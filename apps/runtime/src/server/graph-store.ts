import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
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

async function summarise(dir: string, file: string, template: boolean): Promise<GraphSummary> {
  const full = path.join(dir, file)
  const name = file.slice(0, -'.json'.length)
  const [info, graph] = await Promise.all([stat(full), readJson(full).catch(() => undefined)])
  const { title, description } = describeGraph(graph)
  return {
    name,
    title: title ?? name,
    description: graph === undefined ? 'this file is not valid JSON' : (description ?? ''),
    template,
    updatedAt: info.mtime.toISOString(),
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file behind. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeFile(tmp, text)
    await rename(tmp, file)
  } catch (error) {
    await rm(tmp, { force: true })
    throw error
  }
}

/**
 * Graph files by name: read-only templates (the product's graphs/ folder) and the user's own graphs in a
 * writable folder. Template names are reserved: saving or deleting one is a 409.
 */
export class GraphStore {
  constructor(
    private readonly userDir: string,
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
    const templateRows = await Promise.all(templates.sort().map((f) => summarise(this.templatesDir, f, true)))
    const templateNames = new Set(templateRows.map((row) => row.name))
    const userFiles = users.sort().filter((f) => !templateNames.has(f.slice(0, -5)))
    const userRows = await Promise.all(userFiles.map((f) => summarise(this.userDir, f, false)))
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
    const exists = (await listJsonFiles(this.userDir)).includes(`${name}.json`)
    if (exists && !overwrite) {
      throw conflict(`a graph named "${name}" already exists; choose another name or save with overwrite=true`)
    }
    await writeFileAtomic(this.userFile(name), `${JSON.stringify(graph, null, 2)}\n`)
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
