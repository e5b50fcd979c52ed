/** Where the progress goes: the CLI's stdout (a bar when it is a terminal, lines otherwise). */
export interface ProgressOutput {
  write(text: string): unknown
  isTTY?: boolean
  columns?: number
}

/** Receives download progress; `finish` ends the bar's line. */
export interface DownloadProgress {
  update(bytes: number, total: number | undefined): void
  finish(): void
}

const MB = 1_000_000
const REDRAW_MS = 100
const LINE_STEP_PERCENT = 10
const LINE_STEP_BYTES_UNKNOWN_TOTAL = 10 * MB

const megabytes = (bytes: number): string => (bytes / MB).toFixed(1)

/**
 * A one-line bar redrawn in place (`\r`) on a terminal, at most every 100 ms; in a log or a pipe,
 * one plain line per 10% (per 10 MB when the server gives no length), so that CI logs stay short
 * and readable.
 */
export function downloadProgress(out: ProgressOutput, label: string): DownloadProgress {
  return out.isTTY ? terminalBar(out, label) : plainLines(out, label)
}

function terminalBar(out: ProgressOutput, label: string): DownloadProgress {
  let last = 0
  let drawn = false
  const draw = (bytes: number, total: number | undefined): void => {
    const width = Math.max(10, Math.min(40, (out.columns ?? 80) - label.length - 30))
    if (total) {
      const fraction = Math.min(1, bytes / total)
      const filled = Math.round(fraction * width)
      out.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(fraction * 100)}% ${megabytes(bytes)}/${megabytes(total)} MB`)
    } else {
      out.write(`\r${label} ${megabytes(bytes)} MB`)
    }
    drawn = true
  }
  return {
    update(bytes, total) {
      const now = Date.now()
      if (now - last < REDRAW_MS && bytes !== total) return
      last = now
      draw(bytes, total)
    },
    finish() {
      if (drawn) out.write('\n')
    },
  }
}

function plainLines(out: ProgressOutput, label: string): DownloadProgress {
  let nextStep = -1
  return {
    update(bytes, total) {
      const step = total ? Math.floor(((bytes / total) * 100) / LINE_STEP_PERCENT) : Math.floor(bytes / LINE_STEP_BYTES_UNKNOWN_TOTAL)
      if (step <= nextStep) return
      nextStep = step
      const percent = total ? ` ${Math.floor((bytes / total) * 100)}%` : ''
      out.write(`${label}${percent} ${megabytes(bytes)}${total ? `/${megabytes(total)}` : ''} MB\n`)
    },
    finish() {},
  }
}
