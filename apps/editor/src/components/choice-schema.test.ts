import { describe, expect, it } from 'vitest'

import { asChoiceSchema, withChoiceTypes } from './choice-schema'

const method = {
  default: 'best-f1',
  description: 'How to pick',
  anyOf: [
    { const: 'best-f1', type: 'string' },
    { const: 'manual', type: 'string', title: 'Manual value' },
  ],
}

describe('choice schema', () => {
  it('types an anyOf of constants and gives each choice a title', () => {
    expect(asChoiceSchema(method)).toEqual({
      default: 'best-f1',
      description: 'How to pick',
      type: 'string',
      oneOf: [
        { const: 'best-f1', title: 'best-f1' },
        { const: 'manual', title: 'Manual value' },
      ],
    })
  })

  it('types numeric choices as numbers', () => {
    expect(asChoiceSchema({ anyOf: [{ const: 1 }, { const: 2.5 }] })).toMatchObject({ type: 'number' })
    expect(asChoiceSchema({ enum: [1, 2] })).toMatchObject({ type: 'integer', enum: [1, 2] })
  })

  it('leaves real alternatives and mixed constants alone', () => {
    const alternatives = { anyOf: [{ type: 'number' }, { type: 'string' }] }
    expect(asChoiceSchema(alternatives)).toBe(alternatives)
    const mixed = { anyOf: [{ const: 1 }, { const: 'a' }] }
    expect(asChoiceSchema(mixed)).toBe(mixed)
  })

  it('reaches choices inside properties and array items', () => {
    const schema = {
      type: 'object',
      properties: { method, tags: { type: 'array', uniqueItems: true, items: { anyOf: [{ const: 'a' }, { const: 'b' }] } } },
    }
    const out = withChoiceTypes(schema) as { properties: Record<string, { type?: string; items?: { type?: string } }> }
    expect(out.properties.method!.type).toBe('string')
    expect(out.properties.tags!.items!.type).toBe('string')
  })
})
