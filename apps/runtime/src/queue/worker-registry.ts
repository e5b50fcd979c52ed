import type { Redis } from 'ioredis'

import { deviceClassOf, type DeviceClass, WORKER_KEY_PATTERN, workerKey } from './queue-keys'

/** What a worker announces about itself. */
export interface WorkerInfo {
  id: string
  device: string
  version: string
  host: string
  pid: number
  concurrency: number
}

/** How often a worker renews its heartbeat, and after how long without one it counts as gone. */
export const HEARTBEAT_MS = 1000
export const HEARTBEAT_TTL_MS = 5000

/** Keeps a worker's heartbeat key alive until the returned function is called (which deletes it). */
export function keepRegistered(redis: Redis, info: WorkerInfo, onError: (error: unknown) => void): () => Promise<void> {
  const beat = (): void => {
    redis.set(workerKey(info.id), JSON.stringify(info), 'PX', HEARTBEAT_TTL_MS).catch(onError)
  }
  beat()
  const timer = setInterval(beat, HEARTBEAT_MS)
  return async () => {
    clearInterval(timer)
    await redis.del(workerKey(info.id)).catch(() => undefined)
  }
}

/** Every worker whose heartbeat is current. */
export async function listWorkers(redis: Redis): Promise<WorkerInfo[]> {
  const keys: string[] = []
  let cursor = '0'
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', WORKER_KEY_PATTERN, 'COUNT', 200)
    cursor = next
    keys.push(...found)
  } while (cursor !== '0')
  if (keys.length === 0) return []
  const values = await redis.mget(...keys)
  return values.flatMap((value) => (value ? [JSON.parse(value) as WorkerInfo] : []))
}

/** The device classes at least one live worker serves. */
export function classesServed(workers: readonly WorkerInfo[]): Set<DeviceClass> {
  return new Set(workers.map((worker) => deviceClassOf(worker.device)))
}
