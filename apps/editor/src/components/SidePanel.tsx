import type { GraphMeta } from '../graph-adapter'
import type { InspectNode } from '../editor/inspect-node'
import { useState } from 'react'

import { GraphParamsForm } from './GraphParamsForm'
import { GraphParamValues } from './GraphParamValues'
import { Inspector } from './Inspector'
import type { PathKind } from './PathPicker'

interface SidePanelProps {
  node: InspectNode | undefined
  epoch: number
  meta: GraphMeta
  onMeta: (meta: GraphMeta) => void
  onParams: (nodeId: string, params: Record<string, unknown>) => void
  onLabel: (nodeId: string, label: string) => void
  /** Runs up to a node; undefined while the graph cannot run. */
  onRunTo?: (nodeId: string) => void
  runBlocked?: string
  /** Graph params that feed a node's path param, for their Browse button. */
  paramPaths?: Record<string, PathKind>
}

/** The right-hand panel: the selected node's inspector, or the graph's own fields when nothing is selected. */
export function SidePanel({ node, epoch, meta, onMeta, onParams, onLabel, onRunTo, runBlocked, paramPaths }: SidePanelProps) {
  const [editDecls, setEditDecls] = useState(false)
  if (node) {
    return (
      <aside className="side-panel">
        <Inspector
          node={node}
          epoch={epoch}
          onParams={(p) => onParams(node.id, p)}
          onLabel={(l) => onLabel(node.id, l)}
          {...(onRunTo ? { onRunTo: () => onRunTo(node.id) } : {})}
          {...(runBlocked ? { runBlocked } : {})}
        />
      </aside>
    )
  }
  return (
    <aside className="side-panel" data-testid="graph-panel">
      <h3>Graph</h3>
      <label className="field">
        <span>Name</span>
        <input value={meta.name} onChange={(e) => onMeta({ ...meta, name: e.target.value })} data-testid="graph-name" />
      </label>
      <label className="field">
        <span>Description</span>
        <textarea rows={3} value={meta.description ?? ''} onChange={(e) => onMeta({ ...meta, description: e.target.value })} data-testid="graph-description" />
      </label>
      <div className="section-head">
        <h4>Parameters</h4>
        <button className="link-button" onClick={() => setEditDecls(!editDecls)} data-testid="graph-params-mode">
          {editDecls ? 'Done' : 'Edit parameters'}
        </button>
      </div>
      {editDecls ? (
        <GraphParamsForm params={meta.params ?? {}} onChange={(params) => onMeta({ ...meta, params })} />
      ) : (
        <GraphParamValues params={meta.params ?? {}} onChange={(params) => onMeta({ ...meta, params })} {...(paramPaths ? { pathKinds: paramPaths } : {})} />
      )}
      <p className="muted small">Select a node to edit its parameters. Double-click the canvas (or let a wire go there) to add a node; right-click for the node menu.</p>
    </aside>
  )
}
