import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import { createServer as createTcpServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'

import { createRegistry, gpuBlockers, probeGpu } from '@inspectflow/nodes'
import { afterEach, describe, expect, it } from 'vitest'

import { freePort } from '../../test/redis-server'
import type { CliIo } from './cli-io'
import { main } from './main'

function captureIo(env: Record<string, string | undefined> = process.env): CliIo & { out: () => string; err: () => string } {
  const out: string[] = []
  const err: string[] = []
  return {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    registry: createRegistry([]),
    cwd: process.cwd(),
    env,
    onInterrupt: () => () => {},
    out: () => out.join(''),
    err: () => err.join(''),
  }
}

const HAS_DRIVER = existsSync('/proc/driver/nvidia/version')

describe('inspectflow doctor', () => {
  it.skipIf(HAS_DRIVER)('says on a machine without a GPU that there is no CUDA driver, and what runs instead', async () => {
    const io = captureIo()
    expect(await main(['doctor'], io)).toBe(0)
    const text = io.out()
    expect(text).toMatch(/GPU driver\s+none/)
    expect(text).toMatch(/cuda:0: not available:\s+- no CUDA driver/)
    expect(text).toMatch(/features, scoring\s+onnxruntime cpu \(loaded\)/)
    expect(text).toMatch(/fine-tuning\s+tfjs (wasm|cpu|tfjs-node:\S+) \(loaded\)/)
  })

  describe('reasons, on a folder laid out like a machine', () => {
    let root: string | undefined
    afterEach(async () => {
      if (root) await rm(root, { recursive: true, force: true })
    })

    async function machine(files: string[]): Promise<string> {
      root = await mkdtemp(path.join(os.tmpdir(), 'inspectflow-probe-'))
      for (const file of files) {
        await mkdir(path.dirname(path.join(root, file)), { recursive: true })
        await writeFile(path.join(root, file), file.includes('/proc/') ? 'NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.14  Tue\n' : '')
      }
      return root
    }

    it('names the wrong CUDA version next to the driver it found', async () => {
      const system = { root: await machine(['/proc/driver/nvidia/version', '/usr/local/cuda-13.0/lib64/libcudart.so.13']), env: {}, linkerCache: '', nvidiaSmi: null }
      const probe = probeGpu(system)
      expect(probe.driver?.version).toBe('550.54.14')
      const reasons = gpuBlockers(probe, 'onnx')
      expect(reasons.some((r) => r.startsWith('no CUDA driver'))).toBe(false)
      expect(reasons).toContain(`wrong CUDA version: found CUDA 13 (libcudart), onnxruntime-node ${probe.onnx.version} needs CUDA 12`)
    })

    it('with the right CUDA and cuDNN, only the missing binding is left', async () => {
      const system = {
        root: await machine(['/proc/driver/nvidia/version', '/usr/local/cuda-12.4/lib64/libcudart.so.12', '/usr/lib/x86_64-linux-gnu/libcudnn.so.9.1.0']),
        env: {},
        linkerCache: '',
        nvidiaSmi: null,
      }
      const reasons = gpuBlockers(probeGpu(system), 'onnx')
      expect(reasons).toHaveLength(1)
      expect(reasons[0]).toMatch(/^binding missing: onnxruntime's CUDA provider library .* \(run: inspectflow setup gpu\)$/)
    })
  })
})

describe('inspectflow setup gpu offline', () => {
  let server: Server | ReturnType<typeof createTcpServer> | undefined
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
    server = undefined
  })

  async function setupAgainst(source: string): Promise<{ code: number; ms: number; io: ReturnType<typeof captureIo> }> {
    const io = captureIo({ ...process.env, TFJS_NODE_CDN_STORAGE: source })
    const startedAt = Date.now()
    const code = await main(['setup', 'gpu', '--only', 'tfjs'], io)
    return { code, ms: Date.now() - startedAt, io }
  }

  const bindingBefore = probeGpu().tfjsGpu.bindingInstalled

  function expectAdvice(io: ReturnType<typeof captureIo>): void {
    expect(io.err()).toContain('cannot download the GPU libraries, nothing was changed')
    expect(io.err()).toContain('What to do:')
    // no install step ran
    expect(io.out()).not.toContain('==> ')
    expect(probeGpu().tfjsGpu.bindingInstalled).toBe(bindingBefore)
  }

  it('fails at once, with what to do, when the download host refuses connections', async () => {
    const port = await freePort()
    const { code, ms, io } = await setupAgainst(`http://127.0.0.1:${port}/`)
    expect(code).toBe(1)
    expect(ms).toBeLessThan(5000)
    expect(io.err()).toContain(`http://127.0.0.1:${port}/ is unreachable (ECONNREFUSED)`)
    expectAdvice(io)
  })

  it('fails at once when the host accepts and drops every connection', async () => {
    const tcp = createTcpServer((socket) => socket.destroy())
    server = tcp
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve))
    const { port } = tcp.address() as { port: number }
    const { code, io } = await setupAgainst(`http://127.0.0.1:${port}/`)
    expect(code).toBe(1)
    expect(io.err()).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}/ is unreachable \\(\\S+`))
    expectAdvice(io)
  })

  it('fails when the mirror answers with a server error', async () => {
    const http = createServer((_req, res) => res.writeHead(503).end())
    server = http
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
    const { port } = http.address() as { port: number }
    const { code, io } = await setupAgainst(`http://127.0.0.1:${port}/`)
    expect(code).toBe(1)
    expect(io.err()).toContain('is unreachable (it answered 503')
    expectAdvice(io)
  })

  it('explains its usage', async () => {
    const io = captureIo()
    expect(await main(['setup', 'cpu'], io)).toBe(2)
    expect(io.err()).toContain('setup expects "gpu", got "cpu"')
  })
})
