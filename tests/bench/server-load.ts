/**
 * Bounded load check of the runtime server (`npm run bench:server`): 50 concurrent API clients keep
 * calling the REST API over loopback while 20 runs of a small graph go through the queue. Prints
 * latency percentiles per route and checks that every run finished exactly once (one terminal event
 * live, one in the stored log, status finished). Exits 1 when a check fails.
 */
import { availableParallelism, loadavg } from 'node:os'

import { isTerminalEvent, type RunEvent } from '@inspectflow/graph-schema'

import type { RunningServer } from '../../apps/runtime/src/server/create-server'
import { chainGraph } from '../../apps/runtime/test/server-graphs'
import { makeTestDirs, openSocket, removeTestDirs, startAndWatch, startTestServer } from '../../apps/runtime/test/test-server'

const API_CLIENTS = Number(process.env.BENCH_API_CLIENTS ?? 50)
const RUNS = Number(process.env.BENCH_RUNS ?? 20)
/** Pause between one client's requests: clients that think, as people and editors do. */
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 20)
const DEADLINE_MS = 120_000

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

/** One API client: calls the read routes in turn until `stop` is set, recording each latency. */
async function apiClient(server: RunningServer, index: number, stop: { done: boolean }, latencies: Map<string, number[]>, failures: string[]): Promise<void> {
  const routes = ['/api/health', '/api/nodes', '/api/graphs', '/api/runs?limit=20']
  for (let call = index; !stop.done; call++) {
    const route = routes[call % routes.length] as string
    const started = performance.now()
    const res = await fetch(`${server.url}${route}`)
    await res.arrayBuffer()
    const ms = performance.now() - started
    if (!res.ok) failures.push(`${route} answered ${res.status}`)
    if (THINK_MS > 0) await new Promise((resolve) => setTimeout(resolve, THINK_MS))
    const key = route.split('?')[0] as string
    latencies.set(key, [...(latencies.get(key) ?? []), ms])
  }
}

/** Starts the runs over two sockets (subscribed from `run:queued` on) and waits for all to end. */
async function runAll(server: RunningServer): Promise<{ runId: string; events: RunEvent[] }[]> {
  const sockets = await Promise.all([openSocket(server.url), openSocket(server.url)])
  try {
    const runs = Array.from({ length: RUNS }, (_, i) =>
      startAndWatch(sockets[i % 2] as NonNullable<(typeof sockets)[number]>, { graph: chainGraph({ value: 1000 + i, batches: 4, delayMs: 5 }) }, DEADLINE_MS),
    )
    return await Promise.all(runs)
  } finally {
    for (const socket of sockets) socket.close()
  }
}

async function checkRuns(server: RunningServer, results: { runId: string; events: RunEvent[] }[]): Promise<string[]> {
  const problems: string[] = []
  for (const { runId, events } of results) {
    const liveTerminal = events.filter(isTerminalEvent)
    const res = await fetch(`${server.url}/api/runs/${runId}/events`)
    const stored = ((await res.json()) as { events: RunEvent[] }).events.filter(isTerminalEvent)
    const status = server.runs.get(runId).status
    if (liveTerminal.length !== 1 || liveTerminal[0]?.type !== 'run:finished') problems.push(`${runId}: live terminal events ${liveTerminal.map((e) => e.type).join(',')}`)
    if (stored.length !== 1) problems.push(`${runId}: ${stored.length} terminal events in the stored log`)
    if (status !== 'finished') problems.push(`${runId}: status ${status}`)
  }
  return problems
}

function report(latencies: Map<string, number[]>, runMs: number): void {
  const rows = [...latencies.entries()].map(([route, values]) => {
    const sorted = [...values].sort((a, b) => a - b)
    return { route, requests: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? 0 }
  })
  const all = [...latencies.values()].flat().sort((a, b) => a - b)
  rows.push({ route: 'all', requests: all.length, p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99), max: all.at(-1) ?? 0 })
  process.stdout.write(`server load: ${API_CLIENTS} API clients, ${RUNS} queued runs, ${(runMs / 1000).toFixed(2)} s\n`)
  // the p95 target is for a quiet machine: say how busy this one was, so a reader can tell
  process.stdout.write(`machine load average (1 min) at the end: ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} cores\n`)
  process.stdout.write('route                requests   p50 ms   p95 ms   p99 ms   max ms\n')
  for (const r of rows) {
    const cells = [r.p50, r.p95, r.p99, r.max].map((v) => v.toFixed(1).padStart(8)).join(' ')
    process.stdout.write(`${r.route.padEnd(20)} ${String(r.requests).padStart(8)} ${cells}\n`)
  }
}

async function main(): Promise<number> {
  const dirs = await makeTestDirs()
  const server = await startTestServer(dirs)
  const stop = { done: false }
  const latencies = new Map<string, number[]>()
  const failures: string[] = []
  const watchdog = setTimeout(() => (stop.done = true), DEADLINE_MS)
  try {
    const started = performance.now()
    const clients = Array.from({ length: API_CLIENTS }, (_, i) => apiClient(server, i, stop, latencies, failures))
    const results = await runAll(server)
    const runMs = performance.now() - started
    stop.done = true
    await Promise.all(clients)
    failures.push(...(await checkRuns(server, results)))
    report(latencies, runMs)
    const failedRuns = new Set(failures.map((f) => f.split(':')[0]))
    const once = results.filter((r) => !failedRuns.has(r.runId)).length
    process.stdout.write(`runs finished exactly once: ${once}/${RUNS}\n`)
    for (const failure of failures.slice(0, 20)) process.stdout.write(`FAIL ${failure}\n`)
    return failures.length === 0 ? 0 : 1
  } finally {
    clearTimeout(watchdog)
    await server.close()
    await removeTestDirs(dirs)
  }
}

process.exitCode = await main()
