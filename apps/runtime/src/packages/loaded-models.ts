import type { Engines } from '@inspectflow/nodes'

import { InspectBatcher } from './inspect-batcher'
import { InspectionModel } from './inspection-model'
import type { OpenedPackage } from './open-package'

/** A package loaded for inspection: the warm model and the batcher its requests go through. */
export interface LoadedPackage {
  model: InspectionModel
  batcher: InspectBatcher
}

/**
 * The packages kept loaded and warm between requests, least recently used dropped first. Loading is
 * shared: requests for a package that is still loading wait for the same load.
 */
export class LoadedModels {
  private readonly loaded = new Map<string, Promise<LoadedPackage>>()

  constructor(
    private readonly engines: Engines,
    private readonly open: (name: string) => Promise<OpenedPackage>,
    private readonly capacity = 4,
  ) {}

  get(name: string): Promise<LoadedPackage> {
    const existing = this.loaded.get(name)
    if (existing) {
      // most recently used goes last
      this.loaded.delete(name)
      this.loaded.set(name, existing)
      return existing
    }
    const loading = this.load(name)
    this.loaded.set(name, loading)
    loading.catch(() => this.loaded.delete(name))
    while (this.loaded.size > this.capacity) this.loaded.delete(this.loaded.keys().next().value as string)
    return loading
  }

  /** Forgets a package (replaced or removed); the next request loads it again. */
  forget(name: string): void {
    this.loaded.delete(name)
  }

  names(): string[] {
    return [...this.loaded.keys()]
  }

  private async load(name: string): Promise<LoadedPackage> {
    const opened = await this.open(name)
    const model = await InspectionModel.load(opened.fitted, this.engines)
    return { model, batcher: new InspectBatcher(model) }
  }
}
