import { createHash } from 'node:crypto'

import { canonicalJson } from './canonical-json'

/** Reference to one upstream output as it enters a cache key: the upstream node's key and its port. */
export type InputKeyRef = string | null

/** Everything that decides a node's outputs, and therefore its cache key. */
export interface CacheKeyMaterial {
  type: string
  typeVersion: number
  /** Params after graph-param substitution and defaults. */
  params: Record<string, unknown>
  /** Per input port: `upstreamKey:port`, a list for multiple-input ports, null when unconnected. */
  inputs: Record<string, InputKeyRef | InputKeyRef[]>
  /** The node's fingerprint of the files it reads, when it declares one. */
  fingerprint?: string
  /**
   * Seed label of the node's random generator (`seed/nodeId`). The executor cannot tell which nodes
   * draw random numbers, and a changed seed must change their outputs, so it is always part of the key.
   */
  rngSeed?: string
}

/** Bumped when the cache layout or key recipe changes, so that old entries are simply never hit. */
const KEY_RECIPE_VERSION = 1

/** The content key of a node's outputs: sha256 (hex) of the canonical JSON of its material. */
export function cacheKey(material: CacheKeyMaterial): string {
  const text = canonicalJson({ recipe: KEY_RECIPE_VERSION, ...material })
  return createHash('sha256').update(text).digest('hex')
}

/** How an upstream output is named inside a downstream key. */
export function inputKeyRef(upstreamKey: string, port: string): string {
  return `${upstreamKey}:${port}`
}
