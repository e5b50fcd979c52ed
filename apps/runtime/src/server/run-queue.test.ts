import { describe, expect, it } from 'vitest'

import { InProcessRunQueue as RunQueue, type QueueJob } from './run-queue'

/** A job that runs until released (or aborted) and logs what happened to it. */
function gatedJob(id: string, log: string[]): QueueJob & { release(): void } {
  let release = (): void => {}
  const gate = new Promise<void>((resolve) => (release = resolve))
  return {
    id,
    release: () => release(),
    run: async (signal, device) => {
      log.push(`start ${id} on ${device}`)
      await Promise.race([gate, new Promise((resolve) => signal.addEventListener('abort', resolve))])
      log.push(`${signal.aborted ? 'abort' : 'end'} ${id}`)
    },
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

describe('RunQueue', () => {
  it('runs one job per device at a time, in order, and reports positions as the line moves', async () => {
    const log: string[] = []
    const positions: string[] = []
    const queue = new RunQueue(['cpu'], { onPosition: (id, p) => positions.push(`${id}:${p}`), onError: () => {} })
    const [a, b, c] = ['a', 'b', 'c'].map((id) => gatedJob(id, log)) as [ReturnType<typeof gatedJob>, ReturnType<typeof gatedJob>, ReturnType<typeof gatedJob>]
    expect([a, b, c].map((job) => queue.enqueue(job).position)).toEqual([1, 2, 3])
    await tick()
    expect(queue.state()).toEqual([{ device: 'cpu', running: 'a', waiting: ['b', 'c'] }])
    expect(positions).toEqual(['b:1', 'c:2'])
    a.release()
    await tick()
    expect(positions).toEqual(['b:1', 'c:2', 'c:1'])
    b.release()
    await tick()
    c.release()
    await tick()
    expect(log).toEqual(['start a on cpu', 'end a', 'start b on cpu', 'end b', 'start c on cpu', 'end c'])
    expect(queue.totals()).toEqual({ running: 0, waiting: 0 })
  })

  it('never starts a cancelled waiting job and aborts a running one', async () => {
    const log: string[] = []
    const queue = new RunQueue(['cpu'], { onPosition: () => {}, onError: () => {} })
    const a = gatedJob('a', log)
    const b = gatedJob('b', log)
    const c = gatedJob('c', log)
    for (const job of [a, b, c]) queue.enqueue(job)
    await tick()
    expect(queue.cancel('b')).toBe('queued')
    expect(queue.cancel('a')).toBe('running')
    expect(queue.cancel('zzz')).toBe('unknown')
    await tick()
    c.release()
    await tick()
    expect(log).toEqual(['start a on cpu', 'abort a', 'start c on cpu', 'end c'])
  })

  it('spreads jobs over devices and keeps going after a job throws', async () => {
    const errors: string[] = []
    const queue = new RunQueue(['cuda:0', 'cuda:1'], { onPosition: () => {}, onError: (id, e) => errors.push(`${id}: ${(e as Error).message}`) })
    const seen: string[] = []
    const boom: QueueJob = { id: 'boom', run: () => { throw new Error('sync failure') } }
    const after: QueueJob = { id: 'after', run: async (_s, device) => void seen.push(device) }
    const other: QueueJob = { id: 'other', run: async (_s, device) => void seen.push(device) }
    expect(queue.enqueue(boom).device).toBe('cuda:0')
    expect(queue.enqueue(other).device).toBe('cuda:1')
    queue.enqueue(after)
    await tick()
    await tick()
    expect(errors).toEqual(['boom: sync failure'])
    expect(seen.sort()).toEqual(['cuda:0', 'cuda:1'])
    expect(queue.totals()).toEqual({ running: 0, waiting: 0 })
  })
})
