import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'

/** Where Debian's redis-server lives (.ci/run installs it); REDIS_SERVER overrides. */
export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server'

/** Why the Redis tests are skipped, or undefined when redis-server can run here. */
export const NO_REDIS = existsSync(REDIS_SERVER)
  ? spawnSync(REDIS_SERVER, ['--version']).status === 0
    ? undefined
    : `Redis tests skipped: ${REDIS_SERVER} does not run`
  : `Redis tests skipped: no redis-server at ${REDIS_SERVER} (apt-get install redis-server, or set REDIS_SERVER)`

/** A free loopback port (taken and released at once; the caller binds it next). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/** A redis-server of the test's own: its port, data folder and URL. */
export interface TestRedis {
  port: number
  dir: string
  url: string
  /** The running redis-server's process id. */
  readonly pid: number | undefined
  /** Stops it (SIGKILL when `hard`: with appendfsync always nothing acknowledged is lost). */
  stop(hard?: boolean): Promise<void>
  /** Starts it again on the same port and folder (the AOF is replayed). */
  restart(): Promise<void>
  /** Stops it and deletes its folder. */
  remove(): Promise<void>
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${log()}`)
    if (log().includes('Ready to accept connections')) return
    if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}: ${log()}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * Starts redis-server on a free loopback port with its files in a temp folder. `aof`: append-only
 * file with fsync on every write, so a restart keeps every queued run; otherwise no persistence.
 */
export async function startRedis(options: { aof?: boolean } = {}): Promise<TestRedis> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'inspectflow-redis-'))
  const port = await freePort()
  const persistence = options.aof ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']
  let child: ChildProcess
  const launch = async (): Promise<void> => {
    let output = ''
    child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...persistence], { stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    await waitForPort(port, child, () => output)
  }
  await launch()
  const stop = async (hard = false): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill(hard ? 'SIGKILL' : 'SIGTERM')
    await exited
  }
  return {
    port,
    dir,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child.pid
    },
    stop,
    restart: launch,
    async remove() {
      await stop(true)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

// say why once per test file, since a skipped suite's name is not always shown
if (NO_REDIS) process.stderr.write(`${NO_REDIS}\n`)
