import { describe, expect, it } from 'vitest'

import { createFakeCatalog } from '../test/fake-catalog'
import { validateAndPlan } from './validate-and-plan'

const graphWith = (params: Record<string, unknown>) => ({
  schemaVersion: 1,
  name: 'typo',
  nodes: [{ id: 'src', type: 'test.source', typeVersion: 1, params }],
  edges: [],
})

describe('unknown node params', () => {
  it('are a problem naming the node, the param and the nearest known name', () => {
    const result = validateAndPlan(graphWith({ root: 'data', imageSiz: 128 }), createFakeCatalog())
    expect(result.ok).toBe(false)
    expect(result.problems).toHaveLength(1)
    expect(result.problems[0]).toMatchObject({ code: 'param_unknown', nodeId: 'src', path: '/nodes/0/params/imageSiz', found: '"imageSiz"' })
    expect(result.problems[0]?.message).toContain('did you mean "imageSize"')
  })

  it('leave known params alone', () => {
    expect(validateAndPlan(graphWith({ root: 'data', imageSize: 128 }), createFakeCatalog()).ok).toBe(true)
  })
})
