import type { GraphFile } from '../src/graph-file'
import { createCatalog, type NodeCatalog, type NodeCatalogEntry } from '../src/node-catalog'

/**
 * A small catalog for the graph-schema tests, shaped like the real one: TypeBox-style draft-07
 * params schemas with defaults, one input accepting several edges, one optional input, and a type
 * with two versions.
 */
const entries: NodeCatalogEntry[] = [
  {
    type: 'test.source',
    typeVersion: 1,
    title: 'Source',
    category: 'test',
    description: 'Produces a dataset',
    inputs: {},
    outputs: { dataset: { type: 'Dataset' } },
    params: {
      type: 'object',
      properties: {
        root: { type: 'string', minLength: 1, description: 'Folder' },
        imageSize: { type: 'integer', minimum: 8, default: 224 },
      },
      required: ['root'],
      additionalProperties: false,
    },
  },
  {
    type: 'test.maker',
    typeVersion: 1,
    title: 'Maker',
    category: 'test',
    description: 'Produces a defect maker',
    inputs: { saliency: { type: 'Saliency', optional: true } },
    outputs: { maker: { type: 'DefectMaker' } },
    params: { type: 'object', properties: { seed: { type: 'integer', default: 0 } } },
  },
  {
    type: 'test.train',
    typeVersion: 1,
    title: 'Train',
    category: 'test',
    description: 'Consumes a dataset and several makers',
    inputs: { dataset: { type: 'Dataset' }, makers: { type: 'DefectMaker', multiple: true } },
    outputs: { scores: { type: 'Scores' } },
    params: {
      type: 'object',
      properties: {
        epochs: { type: 'integer', minimum: 1, default: 10 },
        mode: { anyOf: [{ const: 'fast', type: 'string' }, { const: 'exact', type: 'string' }], default: 'fast' },
        tag: { type: 'string', default: '' },
      },
      additionalProperties: false,
    },
  },
  {
    type: 'test.eval',
    typeVersion: 1,
    title: 'Eval v1',
    category: 'test',
    description: 'Old evaluation',
    inputs: { scores: { type: 'Scores' } },
    outputs: { metrics: { type: 'Metrics' } },
    params: { type: 'object', properties: {} },
  },
  {
    type: 'test.eval',
    typeVersion: 2,
    title: 'Eval',
    category: 'test',
    description: 'Evaluates scores, optionally at a threshold',
    inputs: { scores: { type: 'Scores' }, threshold: { type: 'Threshold', optional: true } },
    outputs: { metrics: { type: 'Metrics' } },
    params: { type: 'object', properties: { pixel: { type: 'boolean', default: true } } },
  },
  {
    type: 'test.passthrough',
    typeVersion: 1,
    title: 'Pass',
    category: 'test',
    description: 'Passes scores on (lets tests build cycles)',
    inputs: { scores: { type: 'Scores' } },
    outputs: { scores: { type: 'Scores' } },
    params: { type: 'object', properties: {} },
  },
]

/** A fresh fake catalog. */
export function createFakeCatalog(): NodeCatalog {
  return createCatalog(entries)
}

/** A valid graph over the fake catalog; each call returns a new object that tests may change. */
export function validGraph(): GraphFile {
  return {
    schemaVersion: 1,
    name: 'fake pipeline',
    description: 'A source, two makers, a trainer and an evaluation',
    params: {
      dataRoot: { type: 'string', default: 'data/bottle' },
      epochs: { type: 'integer', default: 3 },
    },
    nodes: [
      { id: 'data', type: 'test.source', typeVersion: 1, params: { root: '${params.dataRoot}' }, ui: { x: 0, y: 0 } },
      { id: 'makerA', type: 'test.maker', typeVersion: 1, params: { seed: 1 } },
      { id: 'makerB', type: 'test.maker', typeVersion: 1 },
      { id: 'train', type: 'test.train', typeVersion: 1, params: { epochs: '${params.epochs}', tag: 'run-${params.epochs}' } },
      { id: 'eval', type: 'test.eval', typeVersion: 2, params: {} },
    ],
    edges: [
      { from: { node: 'data', port: 'dataset' }, to: { node: 'train', port: 'dataset' } },
      { from: { node: 'makerA', port: 'maker' }, to: { node: 'train', port: 'makers' } },
      { from: { node: 'makerB', port: 'maker' }, to: { node: 'train', port: 'makers' } },
      { from: { node: 'train', port: 'scores' }, to: { node: 'eval', port: 'scores' } },
    ],
    outputs: ['eval.metrics'],
    ui: { zoom: 1 },
  }
}
