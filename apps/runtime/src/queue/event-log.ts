import type { Redis } from 'ioredis'

import type { RecordPatch } from './run-queue'
import { ENDED_RUN_TTL_S, EVENT_STREAM, runKey, STREAM_MAX_LENGTH } from './queue-keys'

/**
 * Appends one event of a run to the stream, atomically with everything that decides whether it may:
 * - nothing after a terminal event (the run hash says `ended`), so a run ends exactly once however
 *   many workers and API nodes try to end it;
 * - a position update (`kind` = position) only while the run still waits and only when it changed;
 * - the event gets the run's next sequence number, so readers can drop a repeat by its number.
 * A preamble entry (a new run's record, or a record patch) is added right before the event in the
 * same step, so no reader ever sees the event without it. Returns the sequence number, 0 when dropped.
 */
const PUBLISH_SCRIPT = `
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'ended' then return 0 end
local eventType = ARGV[2]
if ARGV[3] == 'position' then
  if state ~= 'queued' then return 0 end
  if redis.call('HGET', KEYS[1], 'pos') == ARGV[4] then return 0 end
end
if ARGV[6] ~= '' then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[8], '*', 'runId', ARGV[1], 'seq', '0', ARGV[6], ARGV[7])
end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
if eventType == 'run:finished' or eventType == 'run:failed' or eventType == 'run:cancelled' then
  redis.call('HSET', KEYS[1], 'state', 'ended')
  redis.call('EXPIRE', KEYS[1], ARGV[9])
elseif eventType == 'run:started' then
  redis.call('HSET', KEYS[1], 'state', 'running')
elseif eventType == 'run:queued' then
  redis.call('HSET', KEYS[1], 'state', 'queued', 'pos', ARGV[4])
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[8], '*', 'runId', ARGV[1], 'seq', tostring(seq), 'event', ARGV[5])
return seq
`

/** The smallest event shape the log needs; the full RunEvent type lives in graph-schema. */
export interface LoggedEvent {
  type: string
  runId: string
  position?: number
}

/** What travels before an event: a new run (header) or a change to its record (patch). */
export type Preamble = { header: { record: unknown; request: unknown } } | { patch: RecordPatch }

/** KEYS: run hash, stream; ARGV: runId, type, kind, position, event, preamble field, preamble, max length, ttl. */
type PublishCommand = (...keysAndArgs: string[]) => Promise<number>

/** Registers the publish script on a connection (ioredis sends it by hash after the first call). */
function publishCommand(redis: Redis): PublishCommand {
  const holder = redis as unknown as { inspectflowPublish?: PublishCommand }
  if (!holder.inspectflowPublish) redis.defineCommand('inspectflowPublish', { numberOfKeys: 2, lua: PUBLISH_SCRIPT })
  return (holder.inspectflowPublish as PublishCommand).bind(redis)
}

/** Appends an event (and its preamble) to the run's log; the sequence number, or 0 when it was dropped. */
export async function publishEvent(redis: Redis, event: LoggedEvent, preamble?: Preamble, kind: 'event' | 'position' = 'event'): Promise<number> {
  const [field, value] = preamble === undefined ? ['', ''] : 'header' in preamble ? ['header', JSON.stringify(preamble.header)] : ['patch', JSON.stringify(preamble.patch)]
  const publish = publishCommand(redis)
  const seq = await publish(
    runKey(event.runId),
    EVENT_STREAM,
    event.runId,
    event.type,
    kind,
    String(event.position ?? ''),
    JSON.stringify(event),
    field,
    value,
    String(STREAM_MAX_LENGTH),
    String(ENDED_RUN_TTL_S),
  )
  return Number(seq)
}

/** Announces a waiting run's place in its line; dropped unless it still waits and the place changed. */
export function publishPosition(redis: Redis, runId: string, position: number): Promise<number> {
  return publishEvent(redis, { type: 'run:queued', runId, position, ts: Date.now() } as LoggedEvent, undefined, 'position')
}
