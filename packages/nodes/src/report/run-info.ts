import { createHash } from 'node:crypto'

import type { DatasetImage } from '../datasets/dataset-value'

/**
 * Provenance shown at the top of a report. A node cannot see its graph, so the graph fields come
 * from an optional `runInfo` the executor may attach to the context; anything unknown is shown as
 * unknown rather than guessed.
 */
export interface RunInfo {
  graphName?: string
  graphHash?: string
  /** `type@typeVersion` of every node of the graph, by node id. */
  nodeVersions?: Record<string, string>
  weightsHash?: string
  datasetFingerprint?: string
  /** `device (backend)` of each node that ran before the report, by node id (cached nodes are absent). */
  nodeDevices?: Record<string, string>
}

const isRecordOfStrings = (v: unknown): v is Record<string, string> =>
  typeof v === 'object' && v !== null && Object.values(v).every((x) => typeof x === 'string')

/** Reads a RunInfo from an unknown value (the context's optional `runInfo`), keeping only well-typed fields. */
export function readRunInfo(value: unknown): RunInfo {
  if (typeof value !== 'object' || value === null) return {}
  const v = value as Record<string, unknown>
  const info: RunInfo = {}
  for (const key of ['graphName', 'graphHash', 'weightsHash', 'datasetFingerprint'] as const) {
    if (typeof v[key] === 'string') info[key] = v[key]
  }
  if (isRecordOfStrings(v.nodeVersions)) info.nodeVersions = v.nodeVersions
  if (isRecordOfStrings(v.nodeDevices)) info.nodeDevices = v.nodeDevices
  return info
}

/** sha256 of the test images' names and labels: identifies the evaluated set even without a dataset fingerprint. */
export function testSetFingerprint(images: readonly DatasetImage[]): string {
  const hash = createHash('sha256')
  for (const image of images) hash.update(`${image.name}\t${image.label}\t${image.defectType}\n`)
  return hash.digest('hex')
}
