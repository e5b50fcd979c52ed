import { rm } from 'node:fs/promises'
import { join } from 'node:path'

import { createEngines, createRegistry } from '@inspectflow/nodes'
import { afterAll, beforeAll, expect, it } from 'vitest'

import { makeInspectionFixture } from '../../test/inspection-package-fixture'
import { tempDir } from '../../test/run-helpers'
import { exportPackage, type ExportResult } from './export-package'
import { InspectBatcher } from './inspect-batcher'
import { InspectionModel } from './inspection-model'

const engines = createEngines({ threads: 1 })
let exported: ExportResult
let model: InspectionModel
let dir: string

beforeAll(async () => {
  dir = await tempDir()
  const fixture = await makeInspectionFixture(join(dir, 'fixture'))
  exported = await exportPackage({
    graph: fixture.graph, overrides: fixture.overrides, registry: createRegistry(), engines, cacheDir: join(dir, 'cache'), artifactDir: join(dir, 'artifacts'),
    baseDir: dir, out: join(dir, 'p.inspect'), weightsByHash: false, weightsStoreDir: join(dir, 'store'), inspectflowVersion: 'test',
  })
  model = await InspectionModel.load(exported.fitted, engines)
}, 120_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

it('scores requests that queue up as one batch, each as it would be alone', async () => {
  const batcher = new InspectBatcher(model, 8)
  const paths = exported.graphScores.images.map((image) => image.path)
  const verdicts = await Promise.all(paths.map((path) => batcher.inspect(path)))
  // the first request starts at once; the others queue behind it and go together
  expect(batcher.batchSizes).toEqual([1, paths.length - 1])
  verdicts.forEach((verdict, i) => {
    const graphScore = exported.graphScores.imageScores[i] as number
    expect(Math.abs(verdict.score - graphScore) / Math.abs(graphScore)).toBeLessThan(1e-5)
  })
})

it('fails only the request whose image cannot be read', async () => {
  const batcher = new InspectBatcher(model, 8)
  const good = exported.graphScores.images[0]?.path as string
  const results = await Promise.allSettled([batcher.inspect(good), batcher.inspect(Buffer.from('not an image')), batcher.inspect(good)])
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
})
