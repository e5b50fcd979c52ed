import { describe, expect, it } from 'vitest'

import { formSchema } from './form-schema'

const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: { seed: { type: 'integer', description: 'Seed' }, k: { type: 'integer', minimum: 1 } },
}

describe('form schema', () => {
  it('drops the 2020-12 dialect marker that the draft-07 validator refuses', () => {
    expect(formSchema(schema, {})).not.toHaveProperty('$schema')
  })

  it('turns fields bound to graph params into reference text fields', () => {
    const out = formSchema(schema, { seed: '${params.seed}', k: 3 }) as { properties: Record<string, Record<string, unknown>> }
    expect(out.properties.seed).toMatchObject({ type: 'string', title: 'seed (graph param)' })
    expect(String(out.properties.seed!.description)).toContain('"seed"')
    expect(out.properties.k).toEqual({ type: 'integer', minimum: 1 })
  })

  it('leaves the catalog schema itself untouched', () => {
    formSchema(schema, { seed: '${params.seed}' })
    expect(schema.properties.seed.type).toBe('integer')
  })
})
