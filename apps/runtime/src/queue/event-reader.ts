import type { Redis } from 'ioredis'

import { EVENT_STREAM } from './queue-keys'
import type { QueuedRequest, RecordPatch } from './run-queue'

/** One entry of the event stream as a reader sees it. */
export type StreamEntry =
  | { runId: string; kind: 'header'; record: unknown; request: QueuedRequest }
  | { runId: string; kind: 'patch'; patch: RecordPatch }
  | { runId: string; kind: 'event'; seq: number; event: unknown }

function fieldsOf(list: string[]): Map<string, string> {
  const fields = new Map<string, string>()
  for (let i = 0; i + 1 < list.length; i += 2) fields.set(list[i] as string, list[i + 1] as string)
  return fields
}

/** Reads one stream entry; undefined for one this version does not know. */
export function parseEntry(list: string[]): StreamEntry | undefined {
  const fields = fieldsOf(list)
  const runId = fields.get('runId')
  if (!runId) return undefined
  const header = fields.get('header')
  if (header !== undefined) {
    const { record, request } = JSON.parse(header) as { record: unknown; request: QueuedRequest }
    return { runId, kind: 'header', record, request }
  }
  const patch = fields.get('patch')
  if (patch !== undefined) return { runId, kind: 'patch', patch: JSON.parse(patch) as RecordPatch }
  const event = fields.get('event')
  if (event !== undefined) return { runId, kind: 'event', seq: Number(fields.get('seq')), event: JSON.parse(event) as unknown }
  return undefined
}

/** A running reader of the event stream. */
export interface StreamReader {
  /** Stops reading and closes its connection. */
  stop(): Promise<void>
}

/**
 * Follows the event stream from its start (a new API node learns every run still in it; a repeat is
 * recognised by its sequence number) on its own blocking connection, and hands each entry over in
 * order. Survives a Redis restart: a failed read is retried after a pause, from the last entry read.
 */
export function followEventStream(redis: Redis, onEntry: (entry: StreamEntry) => void, onError: (error: unknown) => void): StreamReader {
  let stopped = false
  let lastId = '0'
  let reportedDown = false
  const loop = async (): Promise<void> => {
    while (!stopped) {
      try {
        const answer = (await redis.xread('COUNT', 1000, 'BLOCK', 500, 'STREAMS', EVENT_STREAM, lastId)) as [string, [string, string[]][]][] | null
        reportedDown = false
        for (const [, entries] of answer ?? []) {
          for (const [id, list] of entries) {
            lastId = id
            try {
              const entry = parseEntry(list)
              if (entry) onEntry(entry)
            } catch (error) {
              onError(error)
            }
          }
        }
      } catch (error) {
        if (stopped) break
        if (!reportedDown) onError(new Error(`reading run events from Redis failed, retrying: ${(error as Error).message}`))
        reportedDown = true
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    }
  }
  const done = loop()
  return {
    async stop() {
      stopped = true
      redis.disconnect()
      await done
    },
  }
}
