/**
 * Names of everything InspectFlow keeps in Redis. One place, so that an API node and a worker of the
 * same version always agree. Every key sits under one prefix so a shared Redis can hold other data.
 */
export const KEY_PREFIX = 'inspectflow'

/** The stream every run's events go through, in order, each with its per-run sequence number. */
export const EVENT_STREAM = `${KEY_PREFIX}:events`

/** Pub/sub channel on which cancels reach the worker running the run. */
export const CANCEL_CHANNEL = `${KEY_PREFIX}:cancel`

/** Key that the API nodes set to their version, for `inspectflow doctor` and the worker's start-up line. */
export const API_VERSION_KEY = `${KEY_PREFIX}:api-version`

/** Hash of one run: `seq` (last sequence number), `state` (queued|running|ended), `pos`, `cancel`. */
export function runKey(runId: string): string {
  return `${KEY_PREFIX}:run:${runId}`
}

/** A worker's heartbeat key (expires when the worker stops renewing it). */
export function workerKey(workerId: string): string {
  return `${KEY_PREFIX}:worker:${workerId}`
}

/** Pattern matching every worker heartbeat key. */
export const WORKER_KEY_PATTERN = `${KEY_PREFIX}:worker:*`

/** Device classes runs are routed by: GPU work waits for a GPU worker, CPU work goes to any worker. */
export type DeviceClass = 'cpu' | 'gpu'

/** The BullMQ queue of one device class (BullMQ adds its own `bull:` prefix). */
export function queueName(deviceClass: DeviceClass): string {
  return `${KEY_PREFIX}-${deviceClass}`
}

/** The device class of a worker device name: `cuda:0` -> gpu, `cpu` -> cpu. */
export function deviceClassOf(device: string): DeviceClass {
  return device.startsWith('cuda') ? 'gpu' : 'cpu'
}

/** Ended runs' hashes are kept this long (seconds), for late duplicate events to be recognised. */
export const ENDED_RUN_TTL_S = 7 * 24 * 3600

/** Approximate length the event stream is trimmed to; API nodes keep the full logs on disk. */
export const STREAM_MAX_LENGTH = 200_000
