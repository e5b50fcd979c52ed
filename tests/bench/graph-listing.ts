/**
 * Time of listing saved graphs when one of them is huge (`npx tsx tests/bench/graph-listing.ts [MB]`):
 * 20 small graphs and one of MB megabytes (default 32, the size a 4,000-deep `ui` became when saved
 * pretty-printed), then five `GraphStore.list()` calls, each timed.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { GraphStore } from '../../apps/runtime/src/server/graph-store'
import { chainGraph } from '../../apps/runtime/test/server-graphs'

const megabytes = Number(process.argv[2] ?? 32)
const root = await mkdtemp(join(tmpdir(), 'graph-listing-'))
try {
  const userDir = join(root, 'graphs')
  await mkdir(userDir, { recursive: true })
  for (let i = 0; i < 20; i++) await writeFile(join(userDir, `g${i}.json`), JSON.stringify(chainGraph({ name: `graph ${i}` })))
  const rows = Math.ceil((megabytes * 1024 * 1024) / 40)
  const huge = { ...chainGraph({ name: 'huge' }), ui: { notes: Array.from({ length: rows }, (_, i) => ({ n: i })) } }
  await writeFile(join(userDir, 'huge.json'), JSON.stringify(huge, null, 2))
  const store = new GraphStore(userDir, join(root, 'templates'))
  const times: string[] = []
  for (let call = 0; call < 5; call++) {
    const started = performance.now()
    await store.list()
    times.push((performance.now() - started).toFixed(1))
  }
  process.stdout.write(`GraphStore.list() with 20 small graphs and one of ${megabytes} MB, five calls: ${times.join(', ')} ms\n`)
} finally {
  await rm(root, { recursive: true, force: true })
}
