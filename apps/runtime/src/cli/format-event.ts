import type { RunEvent } from '@inspectflow/graph-schema'

/** Seconds with one decimal, for durations in progress lines. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`
}

/**
 * The permanent line an event leaves in the log, or undefined for events that only update the live
 * display (progress). Shared by the terminal and the plain printers so both say the same things.
 */
export function eventLine(event: RunEvent): string | undefined {
  const format = LINE_FORMATS[event.type] as ((e: RunEvent) => string) | undefined
  return format?.(event)
}

type LineFormats = { [T in RunEvent['type']]?: (event: Extract<RunEvent, { type: T }>) => string }

const LINE_FORMATS: LineFormats = {
  'run:started': (e) => `run ${e.runId}: ${e.nodeIds.length} nodes planned`,
  'node:cached': (e) => `= ${e.nodeId} (${e.nodeType}) cached`,
  'node:finished': (e) => `✓ ${e.nodeId} (${e.nodeType}) ${seconds(e.ms)}${e.summary ? `  ${e.summary}` : ''}`,
  'node:failed': (e) => `✗ ${e.nodeId} (${e.nodeType}) failed: ${e.message}`,
  'node:log': (e) => `  ${e.nodeId}${e.level === 'warn' ? ' warning' : ''}: ${e.message}`,
  'run:finished': (e) => `run finished in ${seconds(e.ms)}`,
  'run:failed': (e) => `run failed${e.nodeId ? ` at node "${e.nodeId}"` : ''}: ${e.message}`,
  'run:cancelled': (e) => `run cancelled${e.nodeId ? ` during node "${e.nodeId}"` : ''}`,
}

/** A text progress bar such as `[#########-----------]  45%`. */
export function progressBar(done: number, total: number, width = 24): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0
  const filled = Math.round(fraction * width)
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%`
}
