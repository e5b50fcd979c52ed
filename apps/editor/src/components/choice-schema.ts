/**
 * Choices as the catalog writes them (`anyOf: [{ const, type }]`, the shape TypeBox and zod emit for a
 * union of literals) carry no `type` of their own; rjsf then has no field for them and shows
 * "Unsupported field schema". These helpers give such a schema its type and a title per choice, so the
 * form draws a select.
 */
type Schema = Record<string, unknown>

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The value of a one-value alternative (`{ const }` or `{ enum: [x] }`), or undefined. */
function constantOf(alt: unknown): { value: unknown; title?: string } | undefined {
  if (!isObject(alt)) return undefined
  const title = typeof alt.title === 'string' ? alt.title : undefined
  if ('const' in alt) return { value: alt.const, ...(title ? { title } : {}) }
  if (Array.isArray(alt.enum) && alt.enum.length === 1) return { value: alt.enum[0], ...(title ? { title } : {}) }
  return undefined
}

/** The JSON type shared by every value, or undefined when they differ (or are objects/null). */
function sharedType(values: unknown[]): string | undefined {
  const types = new Set(values.map((v) => (typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v)))
  if (types.size === 2 && types.has('integer') && types.has('number')) return 'number'
  const [only] = types
  return types.size === 1 && (only === 'string' || only === 'integer' || only === 'number' || only === 'boolean') ? only : undefined
}

/**
 * A schema whose alternatives are all constants, rewritten as `{ type, oneOf: [{ const, title }] }`
 * (rjsf's select with titles); any other schema comes back unchanged.
 */
export function asChoiceSchema(schema: Schema): Schema {
  const key = Array.isArray(schema.anyOf) ? 'anyOf' : Array.isArray(schema.oneOf) ? 'oneOf' : undefined
  if (!key) {
    if (Array.isArray(schema.enum) && schema.type === undefined) {
      const type = sharedType(schema.enum)
      return type ? { ...schema, type } : schema
    }
    return schema
  }
  const choices = (schema[key] as unknown[]).map(constantOf)
  if (choices.length === 0 || choices.some((c) => c === undefined)) return schema
  const values = choices.map((c) => c!.value)
  const type = sharedType(values)
  if (!type) return schema
  const { anyOf: _anyOf, oneOf: _oneOf, ...rest } = schema
  return { ...rest, type, oneOf: choices.map((c) => ({ const: c!.value, title: c!.title ?? String(c!.value) })) }
}

/** Applies asChoiceSchema to a schema and every schema nested in its properties and array items. */
export function withChoiceTypes(schema: Schema): Schema {
  const out = asChoiceSchema(schema)
  if (isObject(out.properties)) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, isObject(v) ? withChoiceTypes(v) : v]))
  }
  if (isObject(out.items)) out.items = withChoiceTypes(out.items)
  return out
}
