/**
 * Fills top-level params the graph left out with the defaults of the node's schema. The graph checks
 * validate params but a graph file may omit any param that has a default; the node must still see it,
 * and the cache key must not change when a default is written out explicitly.
 */
export function applyParamDefaults(schema: unknown, params: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema as { properties?: Record<string, { default?: unknown }> }).properties ?? {}
  const out: Record<string, unknown> = { ...params }
  for (const [name, property] of Object.entries(properties)) {
    if (out[name] === undefined && property.default !== undefined) out[name] = structuredClone(property.default)
  }
  return out
}
