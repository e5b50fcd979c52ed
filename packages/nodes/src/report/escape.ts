/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** A metric for display: four decimals, or `n/a` when undefined. */
export function formatMetric(value: number | null | undefined): string {
  return value === null || value === undefined ? 'n/a' : value.toFixed(4)
}
