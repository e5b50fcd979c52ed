import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { processAlive } from '../data-dir-lock'
import { makeTestDirs, removeTestDirs, type TestDirs } from '../../../test/test-server'

// Probe of issue 14 item 8: `inspectflow serve` relaunches itself for huge pages, so the PID that was
// started is a wrapper. kill -9 of that PID must not leave the real server serving with the port taken.

const BIN = fileURLToPath(new URL('../../../bin/inspectflow.mjs', import.meta.url))

let dirs: TestDirs
beforeAll(async () => {
  dirs = await makeTestDirs()
})
afterAll(async () => {
  await removeTestDirs(dirs)
})

async function until(check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return check()
}

async function portAnswers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) })
    return true
  } catch {
    return false
  }
}

describe.runIf(process.platform === 'linux')('the huge-pages wrapper', () => {
  it('takes the real server down with it when it is killed with SIGKILL, freeing the port', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env }
    delete env.GLIBC_TUNABLES
    delete env.INSPECTFLOW_HUGEPAGES
    delete env.INSPECTFLOW_WRAPPER_PID
    const dataDir = path.join(dirs.root, 'data')
    const wrapper = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--graphs-dir', dirs.graphsDir], {
      env,
      cwd: dirs.root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let serverPid: number | undefined
    wrapper.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    wrapper.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    try {
      expect(await until(() => /running at (http:\S+)\//.test(out), 60_000), out).toBe(true)
      const url = (/running at (http:\S+)\//.exec(out) as RegExpExecArray)[1] as string
      // the server is the relaunched child, not the process that was started
      const children = (await readFile(`/proc/${wrapper.pid}/task/${wrapper.pid}/children`, 'utf8')).trim().split(/\s+/).map(Number)
      expect(children).toHaveLength(1)
      serverPid = children[0] as number
      expect(await portAnswers(url)).toBe(true)

      wrapper.kill('SIGKILL')
      expect(await until(async () => !(await portAnswers(url)), 15_000), 'the port still answers after the wrapper was killed').toBe(true)
      expect(await until(() => !processAlive(serverPid as number), 15_000), `server pid ${serverPid} still alive`).toBe(true)
    } finally {
      wrapper.kill('SIGKILL')
      // on a failure, the orphaned server must not outlive the test
      if (serverPid !== undefined && processAlive(serverPid)) process.kill(serverPid, 'SIGKILL')
    }
  }, 120_000)
})
