import { useEffect, useState } from 'react'

import { api } from '../api/api-client'
import type { RunRecord } from '../api/api-types'
import { type CompareReport, fetchComparison } from './compare-report'
import { CompareTable } from './CompareTable'
import { RocOverlay } from './RocOverlay'
import './compare.css'

const when = (at: string | number) => new Date(at).toLocaleString([], { hour12: false })
/** The params a run was started with (the server records them; the editor's RunRecord type leaves them out). */
const paramsOf = (run: RunRecord) => (run as RunRecord & { params?: Record<string, unknown> }).params ?? {}

/**
 * "Compare runs": a button beside the run history that opens a view over it: tick two or more finished
 * runs and see them side by side (params that differ, image / pixel AUROC, AUPRO, best F1, fit and score
 * time, best of each column starred) with their image ROC curves overlaid.
 */
export function CompareRuns() {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button className="compare-open" data-testid="compare-open" onClick={() => setOpen(true)}>
        Compare runs
      </button>
      {open && <CompareDialog onClose={() => setOpen(false)} />}
    </>
  )
}

function CompareDialog({ onClose }: { onClose: () => void }) {
  const [runs, setRuns] = useState<RunRecord[]>()
  const [picked, setPicked] = useState<string[]>([])
  const [report, setReport] = useState<CompareReport>()
  const [failure, setFailure] = useState<string>()
  useEffect(() => {
    api.listRuns(200).then(
      (list) => setRuns(list.filter((run) => run.status === 'finished')),
      (error: unknown) => setFailure(error instanceof Error ? error.message : String(error)),
    )
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  const toggle = (runId: string) => setPicked((current) => (current.includes(runId) ? current.filter((id) => id !== runId) : [...current, runId]))
  const compare = () => {
    setFailure(undefined)
    fetchComparison(picked).then(setReport, (error: unknown) => setFailure(error instanceof Error ? error.message : String(error)))
  }
  return (
    <div className="compare-backdrop" onClick={onClose}>
      <section className="compare-dialog" data-testid="compare-dialog" role="dialog" aria-label="Compare runs" onClick={(event) => event.stopPropagation()}>
        <header>
          <h2>Compare runs</h2>
          <span className="muted">tick two or more finished runs</span>
          <button className="compare-go" data-testid="compare-go" disabled={picked.length < 2} onClick={compare}>
            Compare {picked.length || ''} runs
          </button>
          <button className="compare-close" data-testid="compare-close" onClick={onClose} aria-label="close">
            ✕
          </button>
        </header>
        <div className="compare-body">
          <ul className="compare-picks" data-testid="compare-picks">
            {!runs && !failure && <li className="muted">Loading the runs…</li>}
            {runs?.length === 0 && <li className="muted">No finished runs yet.</li>}
            {runs?.map((run) => (
              <li key={run.runId}>
                <label>
                  <input type="checkbox" data-testid="compare-pick" data-run-id={run.runId} checked={picked.includes(run.runId)} onChange={() => toggle(run.runId)} />
                  <span>{run.graphName}</span>
                  <span className="muted small">{when(run.createdAt)}</span>
                  <span className="muted small compare-params">{Object.entries(paramsOf(run)).map(([name, value]) => `${name}=${String(value)}`).join(' ')}</span>
                </label>
              </li>
            ))}
          </ul>
          <div className="compare-result">
            {failure && <p className="compare-error" data-testid="compare-error">{failure}</p>}
            {report ? (
              <>
                <CompareTable report={report} />
                <RocOverlay runs={report.runs} />
              </>
            ) : (
              !failure && <p className="muted">The comparison appears here.</p>
            )}
          </div>
        </div>
      </section>
    </div>
  )
}
