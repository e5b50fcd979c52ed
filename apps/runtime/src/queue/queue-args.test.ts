import { describe, expect, it } from 'vitest'

import { parseWorkerArgs } from '../cli/worker-args'
import { parseServeArgs } from '../server/serve-args'

describe('scale-out command lines', () => {
  it('serve --queue takes the store and the worker-lost policy; without --queue there is no queue', () => {
    expect(parseServeArgs(['serve'], {}).queue).toBeUndefined()
    expect(parseServeArgs(['serve', '--queue', 'redis://10.0.0.10:6379', '--store', '/srv/store', '--on-worker-lost=fail'], {}).queue).toEqual({
      url: 'redis://10.0.0.10:6379',
      storeDir: '/srv/store',
      onWorkerLost: 'fail',
    })
    expect(() => parseServeArgs(['serve', '--store', '/srv/store'], {})).toThrow('--store and --on-worker-lost need --queue redis://HOST:PORT')
    expect(() => parseServeArgs(['serve', '--queue', 'http://x'], {})).toThrow('--queue expects a redis:// or rediss:// URL, got "http://x"')
    expect(() => parseServeArgs(['serve', '--queue', 'redis://h:1', '--on-worker-lost', 'maybe'], {})).toThrow('--on-worker-lost expects retry or fail, got "maybe"')
  })

  it('worker needs --queue and checks its device and counts', () => {
    expect(parseWorkerArgs(['--queue', 'redis://h:6379', '--device', 'cuda:1', '--concurrency=3', '--store', 's', '--lock-ms', '2000'])).toMatchObject({
      url: 'redis://h:6379',
      device: 'cuda:1',
      concurrency: 3,
      storeDir: 's',
      lockMs: 2000,
    })
    expect(() => parseWorkerArgs([])).toThrow('--queue redis://HOST:PORT is required')
    expect(() => parseWorkerArgs(['--queue', 'redis://h:1', '--device', 'gpu'])).toThrow('--device expects cpu or cuda:N, got "gpu"')
    expect(() => parseWorkerArgs(['--queue', 'redis://h:1', '--concurrency', '0'])).toThrow('--concurrency expects an integer >= 1, got "0"')
  })
})
