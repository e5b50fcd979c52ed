import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import { createEngines, createRegistry, storeWeightsFile } from '@inspectflow/nodes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { makeInspectionFixture, type InspectionFixture } from '../../test/inspection-package-fixture'
import { tempDir } from '../../test/run-helpers'
import { main } from '../cli/main'
import { exportPackage, type ExportRequest, type ExportResult } from './export-package'
import { InspectionModel } from './inspection-model'
import { openPackage } from './open-package'
import { PackageError } from './package-errors'
import { verifyPackage } from './verify-package'

const registry = createRegistry()
const engines = createEngines({ threads: 1 })

let dir: string
let fixture: InspectionFixture
let exported: ExportResult
let file: string

function request(out: string, extra: Partial<ExportRequest> = {}): ExportRequest {
  return {
    graph: fixture.graph,
    overrides: fixture.overrides,
    registry,
    engines,
    cacheDir: join(dir, 'cache'),
    artifactDir: join(dir, 'artifacts'),
    baseDir: dir,
    out,
    weightsByHash: false,
    weightsStoreDir: join(dir, 'empty-store'),
    inspectflowVersion: '0.1.0-test',
    ...extra,
  }
}

beforeAll(async () => {
  dir = await tempDir()
  fixture = await makeInspectionFixture(join(dir, 'fixture'))
  file = join(dir, 'line3.inspect')
  exported = await exportPackage(request(file))
}, 120_000)
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('export', () => {
  it('writes the bank, its densities, threshold, preprocessing and provenance', async () => {
    const { fitted, manifest } = exported
    expect(fitted.scoring).toEqual({ scorer: 'ldknn', k: 3, alpha: 1, imageScore: 'block-mean-max', sigma: 2, mapScores: 'nearestDistances' })
    expect(fitted.bank.rows).toBe(Math.floor(fitted.bank.fullRows * 0.25))
    expect(fitted.bank.densities?.length).toBe(fitted.bank.rows)
    expect(fitted.preprocessing).toEqual({ imageSize: 64, resample: 'bicubic', fit: 'squash', normalisation: { channelOrder: 'rgb', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } })
    expect(manifest.entries.map((e) => e.name).sort()).toEqual(['backbone.safetensors', 'bank.safetensors', 'graph.json', 'inspection.json'])
    expect(manifest.provenance.graphHash).toMatch(/^[0-9a-f]{64}$/)
    expect(manifest.provenance.nodeVersions['score.ldknn']).toBe(2)
    expect(manifest.provenance.datasetFingerprint).toBe(exported.dataset.fingerprint)
    expect(manifest.provenance.metrics?.imageAuroc).toEqual(expect.any(Number))
  })

  it('reuses the cached fit on a second export', async () => {
    const again = await exportPackage(request(join(dir, 'again.inspect')))
    // only the nodes that are never cached (loading the backbone, describing taps) run again
    expect(again.executed).not.toContain('bank')
    expect(again.executed).not.toContain('trainFeatures')
    expect(again.executed).not.toContain('score')
    expect(again.cached).toEqual(expect.arrayContaining(['bank', 'map']))
  })

  it('hashes the graph without its layout: a moved node keeps the hash, another K changes it', async () => {
    const moved = structuredClone(fixture.graph)
    for (const node of moved.nodes) node.ui = { x: 500, y: 70 }
    const same = await exportPackage(request(join(dir, 'moved.inspect'), { graph: moved }))
    expect(same.manifest.provenance.graphHash).toBe(exported.manifest.provenance.graphHash)
    const otherK = structuredClone(fixture.graph)
    ;(otherK.nodes.find((n) => n.id === 'score') as { params: Record<string, unknown> }).params.k = 2
    const other = await exportPackage(request(join(dir, 'k2.inspect'), { graph: otherK }))
    expect(other.manifest.provenance.graphHash).not.toBe(exported.manifest.provenance.graphHash)
    expect(other.fitted.scoring.k).toBe(2)
  })

  it('scores the graph\'s test images as the graph does, to 1e-5 relative (image and pixel)', async () => {
    const report = await verifyPackage(file, exported.graphScores, { engines, weightsStoreDir: join(dir, 'empty-store') })
    expect(report.images).toBe(exported.graphScores.images.length)
    expect(report.maxImageScoreRelError).toBeLessThanOrEqual(1e-5)
    expect(report.maxPixelRelError).toBeLessThanOrEqual(1e-5)
    expect(report.ok).toBe(true)
  })
})

describe('weights by hash', () => {
  it('refuses to export by hash when the store lacks the weights', async () => {
    const error = await exportPackage(request(join(dir, 'byhash-none.inspect'), { weightsByHash: true })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PackageError)
    expect((error as PackageError).code).toBe('weights_not_in_store')
  })

  it('leaves the weights out, resolves them from the store, and refuses a store without them', async () => {
    const store = join(dir, 'store')
    await storeWeightsFile(store, { name: 'resnet18', arch: 'resnet18', file: fixture.weightsFile, source: 'test' })
    const out = join(dir, 'byhash.inspect')
    const result = await exportPackage(request(out, { weightsByHash: true, weightsStoreDir: store }))
    expect(result.manifest.entries.map((e) => e.name)).not.toContain('backbone.safetensors')
    const opened = await openPackage(out, { engines, weightsStoreDir: store })
    const model = await InspectionModel.load(opened.fitted, engines)
    const [verdict] = await model.inspect([exported.graphScores.images[0]?.path as string])
    expect(verdict?.score).toBeCloseTo(exported.graphScores.imageScores[0] as number, 5)
    const error = await openPackage(out, { engines, weightsStoreDir: join(dir, 'other-store') }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PackageError)
    expect((error as PackageError).code).toBe('weights_not_in_store')
    expect((error as PackageError).message).toMatch(/resnet18/)
  })
})

describe('inspectflow inspect', () => {
  function io() {
    const out: string[] = []
    const err: string[] = []
    return {
      out,
      err,
      io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, registry, cwd: dir, env: {}, onInterrupt: () => () => undefined },
    }
  }

  it('exits 3 when an image is anomalous, 0 when all are normal, and writes overlays', async () => {
    // a threshold between the test scores, so that the test set has both decisions whatever the random weights do
    const sorted = [...exported.graphScores.imageScores].sort((a, b) => a - b)
    const threshold = ((sorted[1] as number) + (sorted[2] as number)) / 2
    const manual = join(dir, 'manual.inspect')
    await exportPackage(request(manual, { overrides: { ...fixture.overrides, thresholdMethod: 'manual', thresholdValue: threshold } }))
    const images = exported.graphScores.images
    const normal = images.filter((_, i) => (exported.graphScores.imageScores[i] as number) < threshold).map((image) => image.path)
    const flagged = images.filter((_, i) => (exported.graphScores.imageScores[i] as number) >= threshold).map((image) => image.path)
    expect(normal.length).toBeGreaterThan(0)
    expect(flagged.length).toBeGreaterThan(0)
    const a = io()
    expect(await main(['inspect', manual, ...normal, '--out', 'maps', '--json'], a.io)).toBe(0)
    const json = JSON.parse(a.out.join('')) as { images: { map: string; anomalous: boolean; score: number }[] }
    expect(json.images).toHaveLength(normal.length)
    expect((await readFile(json.images[0]?.map as string)).subarray(1, 4).toString()).toBe('PNG')
    const b = io()
    expect(await main(['inspect', manual, flagged[0] as string, ...normal], b.io)).toBe(3)
    expect(b.out.join('')).toMatch(/ANOMALOUS/)
  })

  it('export --verify writes the package and a passing parity report', async () => {
    const graphFile = join(dir, 'tiny.json')
    await writeFile(graphFile, JSON.stringify(fixture.graph))
    const sets = Object.entries(fixture.overrides).flatMap(([name, value]) => ['--set', `${name}=${String(value)}`])
    const d = io()
    const code = await main(['export', graphFile, ...sets, '--cache', join(dir, 'cache'), '--out', 'cli.inspect', '--verify'], d.io)
    expect(d.err.join('')).toBe('')
    expect(code).toBe(0)
    expect(d.out.join('')).toMatch(/verify: PASSED/)
    const report = JSON.parse(await readFile(join(dir, 'cli.inspect.verify.json'), 'utf8')) as { ok: boolean; images: number }
    expect(report).toMatchObject({ ok: true, images: exported.graphScores.images.length })
  })

  it('exits 1 on an image that is not there', async () => {
    const e = io()
    expect(await main(['inspect', file, join(dir, 'no-such.png')], e.io)).toBe(1)
    expect(e.err.join('')).toMatch(/no such image or folder/)
  })

  it('exits 1 naming the entry of a tampered package', async () => {
    const bytes = await readFile(file)
    const at = bytes.indexOf('"threshold"', bytes.indexOf('"preprocessing"'))
    bytes.write('"thresholX"', at)
    const bad = join(dir, 'bad.inspect')
    await writeFile(bad, bytes)
    const c = io()
    expect(await main(['inspect', bad, exported.graphScores.images[0]?.path as string], c.io)).toBe(1)
    expect(c.err.join('')).toMatch(/entry "inspection.json"/)
  })
})
