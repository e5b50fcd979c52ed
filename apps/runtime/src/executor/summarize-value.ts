import { isTensor } from '@inspectflow/nodes'

/**
 * A JSON-able stand-in for a value: tensors and typed arrays become shape summaries, long arrays are
 * cut, so a value can be printed or written to outputs.json without megabytes of numbers.
 */
export function summarizeValue(value: unknown, maxItems = 50): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  if (value === null || typeof value !== 'object') return value
  if (isTensor(value)) return { tensor: { dtype: value.dtype, shape: value.shape } }
  if (ArrayBuffer.isView(value)) return { typedArray: value.constructor.name, length: (value as unknown as ArrayLike<unknown>).length }
  if (Array.isArray(value)) {
    const head = value.slice(0, maxItems).map((item) => summarizeValue(item, maxItems))
    return value.length > maxItems ? [...head, `... ${value.length - maxItems} more`] : head
  }
  const out: Record<string, unknown> = {}
  for (const [key, member] of Object.entries(value)) out[key] = summarizeValue(member, maxItems)
  return out
}

/** One short line describing a node's outputs, for node:finished. */
export function describeOutputs(outputs: Record<string, unknown>): string {
  return Object.entries(outputs)
    .map(([port, value]) => `${port}: ${describeOne(value)}`)
    .join(', ')
}

function describeOne(value: unknown): string {
  if (isTensor(value)) return `${value.dtype}[${value.shape.join('x')}]`
  if (Array.isArray(value)) return `${value.length} items`
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return String(value).slice(0, 40)
  if (value && typeof value === 'object') return `{${Object.keys(value).slice(0, 5).join(', ')}}`
  return String(value)
}
