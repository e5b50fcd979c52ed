/**
 * Rough in-memory size of a value in bytes, for the memory cache budget. Typed arrays dominate the
 * values that matter (features, banks, weights), so they count exactly; everything else is an estimate.
 */
export function approximateSize(value: unknown, seen = new Set<object>()): number {
  if (value === null || value === undefined) return 8
  if (typeof value === 'string') return 16 + value.length * 2
  if (typeof value !== 'object') return 16
  if (seen.has(value)) return 0
  seen.add(value)
  if (ArrayBuffer.isView(value)) return 64 + value.byteLength
  let total = 32
  const members = Array.isArray(value) ? value : Object.values(value)
  for (const member of members) total += 8 + approximateSize(member, seen)
  return total
}
