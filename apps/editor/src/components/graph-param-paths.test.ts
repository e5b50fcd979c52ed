import { describe, expect, it } from 'vitest'

import { graphParamPathKinds } from './graph-param-paths'

const folder = { params: { properties: { root: { type: 'string', 'x-path': 'folder' }, imageSize: { type: 'integer' } } } }
const weights = { params: { properties: { weightsPath: { type: 'string', 'x-path': 'file' }, model: { type: 'string' } } } }

describe('graphParamPathKinds', () => {
  it('finds the graph params that feed a path param, with their kind', () => {
    const nodes = [
      { entry: folder, params: { root: '${params.dataRoot}', imageSize: '${params.size}' } },
      { entry: weights, params: { weightsPath: '${params.weights}', model: '${params.model}' } },
    ]
    expect(graphParamPathKinds(nodes)).toEqual({ dataRoot: 'folder', weights: 'file' })
  })

  it('ignores literal paths and references embedded in longer text', () => {
    expect(graphParamPathKinds([{ entry: folder, params: { root: 'data/${params.x}' } }, { entry: folder, params: { root: 'data/bottle' } }])).toEqual({})
  })
})
