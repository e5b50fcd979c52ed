import { useEffect, useRef } from 'react'

import type { LogLine } from '../state/run-state'

function time(ts: number): string {
  return new Date(ts).toLocaleTimeString([], { hour12: false })
}

/** The run's log lines, newest at the bottom, kept scrolled to the end. */
export function RunLog({ lines }: { lines: LogLine[] }) {
  const end = useRef<HTMLDivElement>(null)
  useEffect(() => {
    // Scroll only the log's own panel; scrollIntoView would also scroll the page around it.
    const panel = end.current?.closest('.tab-body')
    if (panel) panel.scrollTop = panel.scrollHeight
  }, [lines.length])
  if (!lines.length) return <div className="panel-empty">The run log appears here.</div>
  return (
    <div className="run-log" data-testid="run-log">
      {lines.map((l, i) => (
        <div key={i} className={`log-line log-${l.level}`}>
          <span className="log-time">{time(l.ts)}</span>
          {l.nodeId && <span className="log-node">{l.nodeId}</span>}
          <span className="log-text">{l.text}</span>
        </div>
      ))}
      <div ref={end} />
    </div>
  )
}
