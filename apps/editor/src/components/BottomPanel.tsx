import { useEffect, useState } from 'react'

import { CompareRuns } from '../compare/CompareRuns'
import { InspectDock } from '../inspect/InspectDock'
import { ResultsPanel } from '../results/ResultsPanel'
import type { RunResults } from '../results/results-data'
import type { RunView } from '../state/run-state'
import type { EditorProblem } from '../state/use-validation'
import { ProblemList } from './ProblemList'
import { RunHistory } from './RunHistory'
import { RunLog } from './RunLog'

type Tab = 'log' | 'results' | 'problems' | 'runs'

interface BottomPanelProps {
  run: RunView | undefined
  results: RunResults | undefined
  resultsLoading: boolean
  problems: EditorProblem[]
  checking: boolean
  /** Bumped to bring the problems tab to the front (a refused run, a click on the problem count). */
  showProblems: number
  onPickProblem: (nodeId: string) => void
  onOpenRun: (runId: string) => void
}

/** Run log, results and problems as tabs under the canvas; switches to results when a run's results arrive. */
export function BottomPanel({ run, results, resultsLoading, problems, checking, showProblems, onPickProblem, onOpenRun }: BottomPanelProps) {
  const [tab, setTab] = useState<Tab>('log')
  useEffect(() => {
    setTab(results ? 'results' : 'log')
  }, [results])
  useEffect(() => {
    if (showProblems) setTab('problems')
  }, [showProblems])
  // A new run shows its log, even when the problems tab was in front.
  useEffect(() => {
    if (run?.runId) setTab((t) => (t === 'problems' ? 'log' : t))
  }, [run?.runId])
  const bodies: Record<Tab, () => React.ReactNode> = {
    log: () => <RunLog lines={run?.log ?? []} />,
    results: () => <ResultsPanel results={results} loading={resultsLoading} />,
    problems: () => <ProblemList problems={problems} checking={checking} onPick={onPickProblem} />,
    runs: () => (
      <RunHistory
        {...(run ? { currentRunId: run.runId } : {})}
        onOpen={(runId) => {
          onOpenRun(runId)
          setTab('log')
        }}
      />
    ),
  }
  return (
    <section className={`bottom-panel bottom-${tab}`}>
      <nav className="tabs">
        <button className={tab === 'log' ? 'active' : ''} onClick={() => setTab('log')} data-testid="tab-log">
          Run log
        </button>
        <button className={tab === 'results' ? 'active' : ''} onClick={() => setTab('results')} data-testid="tab-results">
          Results
        </button>
        <button className={tab === 'problems' ? 'active' : ''} onClick={() => setTab('problems')} data-testid="tab-problems">
          Problems
          <span className={`count ${problems.length ? 'count-bad' : 'count-ok'}`} data-testid="problem-count">{problems.length}</span>
        </button>
        <button className={tab === 'runs' ? 'active' : ''} onClick={() => setTab('runs')} data-testid="tab-runs">
          Runs
        </button>
        {tab === 'runs' && <CompareRuns />}
        <InspectDock run={run} />
        {run && (
          <span className={`run-status status-${run.status}`} data-testid="run-status" data-status={run.status} title={run.error}>
            {run.status}
            {run.error ? `: ${run.error}` : ''}
          </span>
        )}
      </nav>
      <div className="tab-body" key={tab}>{bodies[tab]()}</div>
    </section>
  )
}
