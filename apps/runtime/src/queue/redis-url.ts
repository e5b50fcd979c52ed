import { Redis, type RedisOptions } from 'ioredis'

/** A `--queue` value the queue cannot use. */
export class QueueUrlError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'QueueUrlError'
  }
}

/**
 * Checks a `--queue` URL: `redis://[user:password@]host:port[/db]` or `rediss://` (TLS). Returns it
 * normalised; throws naming what was expected.
 */
export function parseQueueUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new QueueUrlError(`--queue expects redis://HOST:PORT, got "${text}"`)
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new QueueUrlError(`--queue expects a redis:// or rediss:// URL, got "${text}"`)
  }
  if (!url.hostname) throw new QueueUrlError(`--queue "${text}" names no host`)
  return url.toString()
}

/** Redacts the password of a queue URL for log lines. */
export function describeQueueUrl(text: string): string {
  const url = new URL(text)
  if (url.password) url.password = '***'
  return url.toString()
}

/**
 * A Redis connection. `blocking`: for BullMQ workers and stream reads, which must wait through a
 * Redis restart instead of failing after a few retries (BullMQ requires maxRetriesPerRequest null).
 */
export function connectRedis(url: string, options: { blocking?: boolean; name?: string } = {}): Redis {
  const settings: RedisOptions = {
    maxRetriesPerRequest: options.blocking ? null : 20,
    connectionName: options.name,
    // reconnect quickly after a Redis restart, never give up
    retryStrategy: (times) => Math.min(100 * times, 2000),
  }
  return new Redis(url, settings)
}

/** Resolves once Redis answers PING, or rejects with a message naming the URL and the cause. */
export async function checkRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs })
  // the connect error itself only says the connection closed; the 'error' event has the cause
  let cause: Error | undefined
  redis.on('error', (error: Error) => {
    cause ??= error
  })
  try {
    await redis.connect()
    await redis.ping()
  } catch (error) {
    throw new QueueUrlError(`cannot reach Redis at ${describeQueueUrl(url)}: ${(cause ?? (error as Error)).message}`)
  } finally {
    redis.disconnect()
  }
}
