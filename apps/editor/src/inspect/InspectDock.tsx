import { useState } from 'react'

import type { RunView } from '../state/run-state'
import { inspectApi } from './inspect-api'
import { InspectPanel } from './InspectPanel'
import './inspect.css'

/**
 * "Export inspection" for the finished run in view and the "Inspect" button that opens the Inspect
 * panel over the canvas. Mounted in the bottom panel's tab bar.
 */
export function InspectDock({ run }: { run: RunView | undefined }) {
  const [open, setOpen] = useState(false)
  const [selected, setSelected] = useState<string>()
  const [exporting, setExporting] = useState(false)
  const [error, setError] = useState<string>()
  const finished = run?.status === 'finished'
  const exportRun = async () => {
    if (!run) return
    setExporting(true)
    setError(undefined)
    try {
      const row = await inspectApi.exportRun(run.runId)
      setSelected(row.name)
      setOpen(true)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setExporting(false)
    }
  }
  return (
    <>
      <button
        onClick={() => void exportRun()}
        disabled={!finished || exporting}
        title={finished ? 'Write a fitted inspection package of this run (bank, threshold, backbone) to score new images' : 'Export needs a finished run'}
        data-testid="export-inspection"
      >
        {exporting ? 'Exporting…' : 'Export inspection'}
      </button>
      <button className={open ? 'active' : ''} onClick={() => setOpen((o) => !o)} data-testid="tab-inspect">
        Inspect
      </button>
      {error && (
        <span className="inspect-error" data-testid="export-error" title={error}>
          {error}
        </span>
      )}
      {open && <InspectPanel {...(selected ? { selected } : {})} onClose={() => setOpen(false)} />}
    </>
  )
}
