/**
 * Scale-out throughput (`npm run bench:scale`): runs per minute of tiny graphs (source -> one short
 * node) through a real redis-server, a real API node (`serve --queue`) and 1, 2, then 3 worker
 * processes, with BENCH_SCALE_RUNS runs started at once for each. Prints what each process used of
 * the CPU meanwhile, which says what bounds the rate on this machine. Needs /usr/bin/redis-server.
 */
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import path from 'node:path'

import { startApiNode, startWorker, stopAll, type TestProcess } from '../../apps/runtime/test/queue-cluster'
import { postRun, waitForRun, watchNumbered } from '../../apps/runtime/test/queue-watch'
import { NO_REDIS, startRedis } from '../../apps/runtime/test/redis-server'
import { chainGraph } from '../../apps/runtime/test/server-graphs'
import { openSocket } from '../../apps/runtime/test/test-server'

const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 60)
const CLOCK_TICKS_PER_S = 100

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S
  } catch {
    return 0
  }
}

interface Measurement {
  workers: number
  seconds: number
  runsPerMinute: number
  cpu: { api: number; workers: number; redis: number }
}

async function measure(workerCount: number): Promise<Measurement> {
  const redis = await startRedis()
  const root = await mkdtemp(path.join(tmpdir(), 'inspectflow-bench-scale-'))
  const store = path.join(root, 'store')
  const processes: TestProcess[] = []
  try {
    const api = await startApiNode(redis.url, path.join(root, 'api'), store)
    processes.push(api)
    processes.push(...(await Promise.all(Array.from({ length: workerCount }, () => startWorker(redis.url, store)))))
    // one warm-up run, so that compiling the executor's modules is not counted
    await waitForRun(api.url, await postRun(api.url, chainGraph({ batches: 1, delayMs: 1, value: -1 })), (r) => r.status === 'finished')
    const pids = { api: api.child.pid, workers: processes.slice(1).map((p) => p.child.pid), redis: redis.pid }
    const before = { api: cpuSeconds(pids.api), workers: pids.workers.map(cpuSeconds), redis: cpuSeconds(pids.redis) }
    const socket = await openSocket(api.url)
    const startedAt = Date.now()
    const runIds = await Promise.all(Array.from({ length: RUNS }, (_v, i) => postRun(api.url, chainGraph({ batches: 1, delayMs: 1, value: i }))))
    // watched over one socket (replay from 0, then live), not polled: the bench must not load the API node itself
    const endings = await Promise.all(runIds.map((runId) => watchNumbered(socket, runId, 0, 300_000).then((seen) => seen.at(-1)?.event.type)))
    const seconds = (Date.now() - startedAt) / 1000
    socket.close()
    const failed = endings.filter((type) => type !== 'run:finished')
    if (failed.length > 0) throw new Error(`${failed.length} runs did not finish (${failed[0]})`)
    return {
      workers: workerCount,
      seconds,
      runsPerMinute: (RUNS / seconds) * 60,
      cpu: {
        api: cpuSeconds(pids.api) - before.api,
        workers: pids.workers.reduce<number>((sum, pid, i) => sum + cpuSeconds(pid) - (before.workers[i] ?? 0), 0),
        redis: cpuSeconds(pids.redis) - before.redis,
      },
    }
  } finally {
    await stopAll(processes)
    await redis.remove()
    await rm(root, { recursive: true, force: true })
  }
}

function explain(m: Measurement, cores: number): string {
  const used = m.cpu.api + m.cpu.workers + m.cpu.redis
  const share = used / (m.seconds * cores)
  return `API node ${m.cpu.api.toFixed(1)} s, workers ${m.cpu.workers.toFixed(1)} s, redis ${m.cpu.redis.toFixed(1)} s of CPU: ${(share * 100).toFixed(0)}% of ${cores} cores`
}

/**
 * What bounds the rate, from CPU per run: the API node is one process (one core at most) and applies,
 * writes and broadcasts every event of every run; all processes together cannot use more than the
 * cores. When the processes used far less than the cores, the cores were busy with something else
 * (the load average says so) or the runs waited on round trips.
 */
function bounds(m: Measurement, cores: number, load: number): string {
  const perRun = (seconds: number): number => (seconds / RUNS) * 1000
  const all = m.cpu.api + m.cpu.workers + m.cpu.redis
  const apiCeiling = 60_000 / perRun(m.cpu.api)
  const coresCeiling = (cores * 60_000) / perRun(all)
  const limit = apiCeiling < coresCeiling ? `the API node (one core: about ${apiCeiling.toFixed(0)} runs/minute)` : `the ${cores} cores (about ${coresCeiling.toFixed(0)} runs/minute)`
  const shared =
    load > cores
      ? `; the load average was ${load.toFixed(1)} on ${cores} cores, so other processes held most of the CPU and the measured rate is below that ceiling`
      : ''
  return (
    `per run: API node ${perRun(m.cpu.api).toFixed(0)} ms, workers ${perRun(m.cpu.workers).toFixed(0)} ms, redis ${perRun(m.cpu.redis).toFixed(0)} ms of CPU; ` +
    `with ${m.workers} workers the rate is bounded by ${limit}${shared}`
  )
}

async function main(): Promise<void> {
  if (NO_REDIS) {
    console.log(NO_REDIS)
    return
  }
  const cores = availableParallelism()
  console.log(`bench:scale: ${RUNS} tiny runs (source -> one 1 ms node) at once, per worker count; ${cores} cores (shared machine: repeat before trusting a figure)`)
  const results: Measurement[] = []
  for (const workers of [1, 2, 3]) {
    const m = await measure(workers)
    results.push(m)
    console.log(`${workers} worker(s): ${m.runsPerMinute.toFixed(0)} runs/minute (${m.seconds.toFixed(1)} s); ${explain(m, cores)}`)
  }
  console.log(`what bounds it: ${bounds(results.at(-1) as Measurement, cores, loadavg()[0] ?? 0)}`)
}

await main()
