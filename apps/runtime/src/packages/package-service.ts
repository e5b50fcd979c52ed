import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Readable } from 'node:stream'

import type { Engines, NodeRegistry } from '@inspectflow/nodes'

import { conflict, notFound } from '../server/errors'
import type { RunService } from '../server/run-service'
import type { RunStore } from '../server/run-store'
import { exportPackage } from './export-package'
import { LoadedModels } from './loaded-models'
import { PackageLibrary, type PackageListing } from './package-library'
import { RecentMaps } from './recent-maps'

/** What the server's package routes and socket need. */
export interface PackageServiceOptions {
  dataDir: string
  engines: Engines
  registry: NodeRegistry
  runs: RunService
  store: RunStore
  baseDir: string
  dataRoots: string[]
  weightsStoreDir: string
  version: string
  /** Packages kept loaded at once (default 4). */
  loadedCapacity?: number
}

/** The answer to one inspection. */
export interface InspectAnswer {
  score: number
  threshold: number
  anomalous: boolean
  mapUrl: string
  /** Milliseconds from the image's arrival at the service to the answer. */
  ms: number
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'inspection'
}

/**
 * The server's packages: the library under `<dataDir>/packages`, the loaded models (LRU, warm), the
 * recent heat maps, and exports of finished runs.
 */
export class PackageService {
  readonly library: PackageLibrary
  readonly models: LoadedModels
  private readonly maps = new RecentMaps()

  constructor(private readonly options: PackageServiceOptions) {
    this.library = new PackageLibrary(path.join(options.dataDir, 'packages'), { engines: options.engines, weightsStoreDir: options.weightsStoreDir })
    this.models = new LoadedModels(options.engines, (name) => this.library.open(name), options.loadedCapacity ?? 4)
  }

  /** Stores an uploaded package under `name` once it checks out entirely. */
  async importUpload(body: Readable, name: string, options: { replace: boolean; limit: number }): Promise<PackageListing> {
    this.library.fileOf(name)
    const tmp = await this.library.receive(body, options.limit)
    const listing = await this.library.importFile(tmp, name, options.replace)
    this.models.forget(name)
    return listing
  }

  list(): ReturnType<PackageLibrary['list']> {
    return this.library.list()
  }

  /** Scores one image (bytes as uploaded) with a stored package, batched with any queued requests. */
  async inspect(name: string, image: Buffer): Promise<InspectAnswer> {
    const started = performance.now()
    if (!this.models.names().includes(name) && !(await this.library.has(name))) throw notFound(`no package named "${name}"; GET /api/packages lists them`)
    const { batcher } = await this.models.get(name)
    const verdict = await batcher.inspect(image)
    const id = this.maps.add(verdict)
    return {
      score: verdict.score,
      threshold: verdict.threshold,
      anomalous: verdict.anomalous,
      mapUrl: `/api/packages/${encodeURIComponent(name)}/maps/${id}.png`,
      ms: Math.round((performance.now() - started) * 100) / 100,
    }
  }

  mapPng(id: string): Promise<Uint8Array> | undefined {
    return this.maps.png(id)
  }

  /** Exports a finished run's graph (its fit comes from the cache) as a package in the library. */
  async exportRun(runId: string, options: { name?: string; weightsByHash: boolean; replace: boolean }): Promise<PackageListing> {
    const record = this.options.runs.get(runId)
    if (record.status !== 'finished') throw conflict(`run ${runId} is ${record.status}; export a finished run`, 'run_not_finished')
    const request = await this.options.store.request(runId).catch(() => {
      throw notFound(`run ${runId} has no stored request to export from`)
    })
    const name = options.name ?? `${slug(record.graphName)}-${runId.slice(-6)}`
    this.library.fileOf(name)
    await mkdir(this.library.dir, { recursive: true })
    const out = this.library.tempFile()
    await exportPackage({
      graph: request.graph,
      overrides: request.params,
      registry: this.options.registry,
      engines: this.options.engines,
      cacheDir: path.join(this.options.dataDir, 'cache'),
      artifactDir: path.join(this.options.dataDir, 'packages', '.export-artifacts'),
      baseDir: this.options.baseDir,
      dataRoots: this.options.dataRoots,
      out,
      weightsByHash: options.weightsByHash,
      weightsStoreDir: this.options.weightsStoreDir,
      inspectflowVersion: this.options.version,
    })
    const listing = await this.library.importFile(out, name, options.replace)
    this.models.forget(name)
    return listing
  }
}
