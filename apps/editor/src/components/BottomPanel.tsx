import { useEffect, useState } from 'react'

import { ResultsPanel } from '../results/ResultsPanel'
import type { RunResults } from '../results/results-data'
import type { RunView } from '../state/run-state'
import { RunLog } from './RunLog'

type Tab = 'log' | 'results'

interface BottomPanelProps {
  run: RunView | undefined
  results: RunResults | undefined
  resultsLoading: boolean
}

/** Run log and results as tabs under the canvas; switches to results when a run's results arrive. */
export function BottomPanel({ run, results, resultsLoading }: BottomPanelProps) {
  const [tab, setTab] = useState<Tab>('log')
  useEffect(() => {
    setTab(results ? 'results' : 'log')
  }, [results])
  return (
    <section className={`bottom-panel bottom-${tab}`}>
      <nav className="tabs">
        <button className={tab === 'log' ? 'active' : ''} onClick={() => setTab('log')} data-testid="tab-log">
          Run log
        </button>
        <button className={tab === 'results' ? 'active' : ''} onClick={() => setTab('results')} data-testid="tab-results">
          Results
        </button>
        {run && (
          <span className={`run-status status-${run.status}`} data-testid="run-status" data-status={run.status}>
            {run.status}
            {run.error ? `: ${run.error}` : ''}
          </span>
        )}
      </nav>
      <div className="tab-body" key={tab}>{tab === 'log' ? <RunLog lines={run?.log ?? []} /> : <ResultsPanel results={results} loading={resultsLoading} />}</div>
    </section>
  )
}
