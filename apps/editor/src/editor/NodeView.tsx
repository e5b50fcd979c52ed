import type { ClassicPreset } from 'rete'
import { Presets, type RenderEmit } from 'rete-react-plugin'

import type { InspectNode, NodeStatus } from './inspect-node'
import type { Schemes } from './schemes'

const { RefSocket } = Presets.classic

interface NodeViewProps {
  data: InspectNode
  emit: RenderEmit<Schemes>
}

const STATE_LABELS: Record<NodeStatus['state'], string> = {
  idle: '',
  queued: 'queued',
  running: 'running',
  cached: 'cached',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  skipped: 'skipped',
}

function StatusBadge({ node }: { node: InspectNode }) {
  const { state } = node.status
  if (state === 'idle') return null
  return (
    <span className={`badge badge-${state}`} data-testid={`node-status-${node.id}`} data-state={state}>
      {STATE_LABELS[state]}
    </span>
  )
}

function ProgressBar({ node }: { node: InspectNode }) {
  const { state, done, total, message } = node.status
  if (state !== 'running') return null
  const fraction = total && total > 0 ? Math.min(1, (done ?? 0) / total) : 0
  return (
    <div className="node-progress" data-testid={`node-progress-${node.id}`} title={message}>
      <div className="node-progress-bar" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      <span className="node-progress-text">{message ?? `${done ?? 0} / ${total ?? '?'}`}</span>
    </div>
  )
}

function PortRow(props: { node: InspectNode; side: 'input' | 'output'; portKey: string; port: ClassicPreset.Port<ClassicPreset.Socket>; emit: RenderEmit<Schemes> }) {
  const { node, side, portKey, port, emit } = props
  return (
    <div className={`port port-${side}`} data-testid={`port-${node.id}-${side}-${portKey}`}>
      <RefSocket
        name={`${side}-socket`}
        side={side}
        socketKey={portKey}
        nodeId={node.id}
        emit={emit}
        payload={port.socket}
        data-testid={`socket-${node.id}-${side}-${portKey}`}
      />
      <span className="port-label">{port.label}</span>
    </div>
  )
}

/** A node on the canvas: title, status badge, progress bar, typed ports, failure message and preview. */
export function NodeView({ data: node, emit }: NodeViewProps) {
  const inputs = Object.entries(node.inputs)
  const outputs = Object.entries(node.outputs)
  const { status } = node
  return (
    <div
      className={`node ${node.selected ? 'selected' : ''} state-${status.state} ${node.problems.length ? 'has-problems' : ''}`}
      style={{ width: node.width }}
      data-testid={`node-${node.id}`}
      title={node.entry.description}
    >
      <div className="node-header">
        <div className="node-title">{node.label}</div>
        {node.problems.length > 0 && (
          <span className="node-problem-badge" data-testid={`node-problems-${node.id}`} title={node.problems.join('\n')}>
            ⚠ {node.problems.length}
          </span>
        )}
        <StatusBadge node={node} />
      </div>
      <div className="node-subtitle">
        {node.id} · {node.entry.type}
      </div>
      <ProgressBar node={node} />
      <div className="node-ports">
        <div className="node-inputs">
          {inputs.map(([key, port]) => port && <PortRow key={key} node={node} side="input" portKey={key} port={port} emit={emit} />)}
        </div>
        <div className="node-outputs">
          {outputs.map(([key, port]) => port && <PortRow key={key} node={node} side="output" portKey={key} port={port} emit={emit} />)}
        </div>
      </div>
      {status.state === 'failed' && status.message && (
        <div className="node-error" data-testid={`node-error-${node.id}`}>{status.message}</div>
      )}
      {node.problems.length > 0 && (
        <div className="node-error" data-testid={`node-problem-${node.id}`}>
          {node.problems[0]}
        </div>
      )}
      {status.preview && (
        <figure className="node-preview" data-testid={`node-preview-${node.id}`}>
          <img src={status.preview} alt={status.previewCaption ?? 'preview'} />
          {status.previewCaption && <figcaption>{status.previewCaption}</figcaption>}
        </figure>
      )}
    </div>
  )
}
