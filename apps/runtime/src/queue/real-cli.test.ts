import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

import { freePort, NO_REDIS, startRedis } from '../../test/redis-server'

const BIN = fileURLToPath(new URL('../../bin/inspectflow.mjs', import.meta.url))

function launch(args: string[], cwd: string): { output: () => string; waitFor: (re: RegExp) => Promise<void>; stop: () => Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, INSPECTFLOW_HUGEPAGES: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr.on('data', (c: Buffer) => (output += c.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return {
    output: () => output,
    async waitFor(re) {
      const deadline = Date.now() + 90_000
      while (!re.test(output)) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${re}; output:\n${output}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
    async stop() {
      child.kill('SIGTERM')
      return exited
    },
  }
}

/** The real `inspectflow` command (all nodes, no test entry): serve --queue and worker start, answer and stop on SIGTERM. */
describe.skipIf(NO_REDIS !== undefined)(NO_REDIS ?? 'the inspectflow command in scale-out mode', () => {
  it('serve --queue and worker come up against Redis, report the queue in /api/health, and stop cleanly on SIGTERM', async () => {
    const redis = await startRedis()
    const dir = await mkdtemp(path.join(os.tmpdir(), 'inspectflow-cli-queue-'))
    const port = await freePort()
    const api = launch(['serve', '--port', String(port), '--queue', redis.url, '--store', 'store', '--data-dir', 'data'], dir)
    const worker = launch(['worker', '--queue', redis.url, '--store', 'store'], dir)
    try {
      await Promise.all([api.waitFor(/Runs are queued in Redis at redis:\/\/127\.0\.0\.1/), worker.waitFor(/waiting for runs on cpu line/)])
      const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { queue: { running: number; waiting: number } }
      expect(health.queue).toEqual({ running: 0, waiting: 0 })
    } finally {
      const codes = await Promise.all([api.stop(), worker.stop()])
      await redis.remove()
      await rm(dir, { recursive: true, force: true })
      expect(codes).toEqual([0, 0])
    }
  })
})
