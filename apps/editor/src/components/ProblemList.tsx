import type { EditorProblem } from '../state/use-validation'

interface ProblemListProps {
  problems: EditorProblem[]
  checking: boolean
  /** Selects the node a problem belongs to. */
  onPick: (nodeId: string) => void
}

/** The open graph's problems; a click on one with a node selects that node. */
export function ProblemList({ problems, checking, onPick }: ProblemListProps) {
  if (!problems.length) return <div className="panel-empty" data-testid="problems-empty">{checking ? 'Checking the graph…' : 'No problems: the graph can run.'}</div>
  return (
    <ul className="problem-list" data-testid="problem-list">
      {problems.map((p, i) => (
        <li key={i}>
          <button
            className="problem"
            disabled={!p.nodeId}
            onClick={() => p.nodeId && onPick(p.nodeId)}
            data-testid="problem"
            data-node-id={p.nodeId ?? ''}
            title={p.path ? `at ${p.path}` : undefined}
          >
            <span className="problem-node">{p.nodeId ?? 'graph'}</span>
            <span className="problem-text">{p.message}</span>
          </button>
        </li>
      ))}
    </ul>
  )
}
