import type { RunEvent } from '@inspectflow/graph-schema'

import { eventLine, progressBar, seconds } from './format-event'

/** Turns run events into terminal output. */
export interface ProgressPrinter {
  onEvent(event: RunEvent): void
  /** Removes the live display (call once the run ended). */
  close(): void
}

interface Output {
  write(text: string): unknown
  columns?: number
}

interface NodeLine {
  nodeId: string
  startedAt: number
  done: number
  total: number
  message?: string
}

/**
 * On a terminal: permanent lines for what happened, plus one live line per running node with a bar,
 * redrawn in place (at most ten times a second for progress alone).
 */
export function createTtyPrinter(out: Output): ProgressPrinter {
  const running = new Map<string, NodeLine>()
  let drawnLines = 0
  let lastDraw = 0
  const redraw = (permanent?: string): void => {
    const width = Math.max(40, (out.columns || 100) - 1)
    let text = drawnLines > 0 ? `\x1b[${drawnLines}A\x1b[J` : ''
    if (permanent) text += `${permanent}\n`
    const live = [...running.values()].map((line) => liveLine(line).slice(0, width))
    text += live.map((line) => `${line}\n`).join('')
    drawnLines = live.length
    lastDraw = Date.now()
    out.write(text)
  }
  return {
    onEvent(event) {
      if (event.type === 'node:started') running.set(event.nodeId, { nodeId: event.nodeId, startedAt: event.ts, done: 0, total: 0 })
      if (event.type === 'node:progress') {
        const line = running.get(event.nodeId)
        if (line) Object.assign(line, { done: event.done, total: event.total, message: event.message })
        if (Date.now() - lastDraw < 100 && event.done < event.total) return
      }
      if (event.type === 'node:finished' || event.type === 'node:failed') running.delete(event.nodeId)
      if (event.type.startsWith('run:') && event.type !== 'run:started') running.clear()
      redraw(eventLine(event))
    },
    close() {
      running.clear()
      if (drawnLines > 0) redraw()
    },
  }
}

function liveLine(line: NodeLine): string {
  const elapsed = seconds(Date.now() - line.startedAt)
  const bar = line.total > 0 ? `${progressBar(line.done, line.total)} ${line.done}/${line.total}` : '[working]'
  return `▶ ${line.nodeId} ${bar} ${elapsed}${line.message ? `  ${line.message}` : ''}`
}

/**
 * Off a terminal (CI logs, pipes): plain lines only, progress at most every `intervalMs` per node plus
 * the final 100%, so a log stays readable.
 */
export function createPlainPrinter(out: Output, intervalMs = 2000): ProgressPrinter {
  const lastProgress = new Map<string, number>()
  return {
    onEvent(event) {
      if (event.type === 'node:started') {
        lastProgress.set(event.nodeId, 0)
        out.write(`> ${event.nodeId} (${event.nodeType}) started\n`)
        return
      }
      if (event.type === 'node:progress') {
        const last = lastProgress.get(event.nodeId) ?? 0
        if (event.done < event.total && event.ts - last < intervalMs) return
        lastProgress.set(event.nodeId, event.ts)
        out.write(`  ${event.nodeId} ${event.done}/${event.total}${event.message ? ` ${event.message}` : ''}\n`)
        return
      }
      const line = eventLine(event)
      if (line) out.write(`${line}\n`)
    },
    close: () => undefined,
  }
}
