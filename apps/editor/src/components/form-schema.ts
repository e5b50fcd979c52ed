import type { RJSFSchema } from '@rjsf/utils'

import { withChoiceTypes } from './choice-schema'

const PARAM_REF = /^\$\{params\.([A-Za-z_][A-Za-z0-9_]*)\}$/

/**
 * The schema as rjsf's ajv (draft-07) reads it: `$schema`/`$id` of the 2020-12 dialect removed, and
 * choices (`anyOf` of constants) typed so they draw as selects (see choice-schema.ts). A
 * field whose value is a graph-param reference (`${params.seed}`) becomes a text field that must stay a
 * reference, so it is neither flagged as a wrong type nor silently replaced.
 */
export function formSchema(schema: Record<string, unknown>, values: Record<string, unknown>): RJSFSchema {
  const { $schema: _schema, $id: _id, ...rest } = withChoiceTypes(structuredClone(schema))
  const properties = (rest.properties ?? {}) as Record<string, Record<string, unknown>>
  for (const [key, value] of Object.entries(values)) {
    const ref = typeof value === 'string' ? PARAM_REF.exec(value) : null
    if (!ref || !properties[key]) continue
    const description = typeof properties[key].description === 'string' ? ` ${properties[key].description}` : ''
    properties[key] = { type: 'string', title: `${key} (graph param)`, pattern: PARAM_REF.source, description: `Set by the graph param "${ref[1]}".${description}` }
  }
  return rest as RJSFSchema
}
