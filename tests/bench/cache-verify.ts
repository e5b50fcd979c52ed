/**
 * Cost of verifying a disk cache entry on read (`npx tsx tests/bench/cache-verify.ts [MB]`): writes one
 * entry holding a float32 tensor of MB megabytes (default 400), then times, best of 3, a plain read of
 * its tensor file, the same bytes through the old lane checksum and sha256, and the cache's own verified
 * read; also the longest the event loop waited during that read. Files are in the page cache
 * (re-read), so the numbers are CPU cost, not disk speed; CPU time is printed beside wall time.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { floatTensor } from '@inspectflow/nodes'

import { createDiskCache } from '../../apps/runtime/src/cache/disk-cache'
import { fastChecksum } from '../../apps/runtime/src/cache/fast-checksum'

const megabytes = Number(process.argv[2] ?? 400)
const key = 'b'.repeat(64)

/** Best of 3, as wall time and as this process's CPU time (user + system), which other load on the machine disturbs less. */
async function best(label: string, task: () => Promise<unknown> | unknown): Promise<void> {
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    const usage = process.cpuUsage()
    await task()
    const used = process.cpuUsage(usage)
    wall.push(performance.now() - started)
    cpu.push((used.user + used.system) / 1000)
  }
  const cells = [Math.min(...wall), Math.min(...cpu)].map((ms) => `${ms.toFixed(0).padStart(6)} ms`).join('  ')
  process.stdout.write(`${label.padEnd(40)} ${cells}\n`)
}

async function longestLoopWait(task: () => Promise<unknown>): Promise<number> {
  let longest = 0
  let last = performance.now()
  const timer = setInterval(() => {
    const now = performance.now()
    longest = Math.max(longest, now - last)
    last = now
  }, 1)
  await task()
  clearInterval(timer)
  return longest
}

const dir = await mkdtemp(join(tmpdir(), 'cache-verify-'))
try {
  const values = new Float32Array((megabytes * 1024 * 1024) / 4)
  for (let i = 0; i < values.length; i++) values[i] = Math.sin(i)
  const disk = createDiskCache(dir)
  await disk.write(key, { bank: floatTensor([values.length / 256, 256], values) })
  const file = join(dir, key, 'tensors.safetensors')
  const bytes = await readFile(file)
  process.stdout.write(`entry of ${(bytes.byteLength / 1024 / 1024).toFixed(0)} MiB, node ${process.version}; best of 3: wall, CPU\n`)
  await best('readFile only', () => readFile(file))
  await best('old lane checksum of the bytes', () => fastChecksum(bytes))
  await best('sha256 of the bytes', () => createHash('sha256').update(bytes).digest('hex'))
  await best('disk cache read (sha256 verified)', async () => {
    const read = await disk.read(key)
    if (read.status !== 'hit') throw new Error(`expected a hit, got ${JSON.stringify(read)}`)
  })
  const wait = await longestLoopWait(() => disk.read(key))
  process.stdout.write(`longest event-loop wait during that read: ${wait.toFixed(0)} ms\n`)
} finally {
  await rm(dir, { recursive: true, force: true })
}
