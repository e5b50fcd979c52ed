import Form from '@rjsf/core'
import validator from '@rjsf/validator-ajv8'
import { useMemo } from 'react'

import type { InspectNode } from '../editor/inspect-node'
import { formSchema } from './form-schema'
import { formUiSchema } from './form-ui-schema'

interface InspectorProps {
  node: InspectNode
  /** Bumped on undo/redo and load (not on typing, which would steal focus), so the form redraws. */
  epoch: number
  onParams: (params: Record<string, unknown>) => void
  onLabel: (label: string) => void
  /** Runs the graph up to this node (its ancestors and itself); undefined while it cannot run. */
  onRunTo?: () => void
  /** Why it cannot run now, shown on the disabled button. */
  runBlocked?: string
}

/** The selected node's parameters as a form generated from its JSON Schema, validated live. */
export function Inspector({ node, epoch, onParams, onLabel, onRunTo, runBlocked }: InspectorProps) {
  // Recomputed per node and epoch only: typing a value must not reshape the form under the cursor.
  const schema = useMemo(() => formSchema(node.entry.params, node.params), [node.entry, node.id, epoch])
  const uiSchema = useMemo(() => formUiSchema(schema as Record<string, unknown>), [schema])
  return (
    <div className="inspector" data-testid="inspector" data-node-id={node.id}>
      <h3>{node.entry.title}</h3>
      <p className="muted small">
        <code>{node.id}</code> · {node.entry.type} v{node.typeVersion}
      </p>
      <p className="description">{node.entry.description}</p>
      <button className="tb-button run-to" onClick={onRunTo} disabled={!onRunTo} title={runBlocked ?? 'Run this node and only the nodes it needs'} data-testid="inspector-run-to">
        ▶ Run to here
      </button>
      <label className="field">
        <span>Label</span>
        <input value={node.label} onChange={(e) => onLabel(e.target.value)} data-testid="inspector-label" />
      </label>
      {node.problems.length > 0 && (
        <ul className="problems" data-testid="inspector-problems">
          {node.problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      <Form
        key={`${node.id}-${epoch}`}
        schema={schema}
        formData={node.params}
        validator={validator}
        idPrefix="params"
        liveValidate="onChange"
        showErrorList={false}
        noHtml5Validate
        onChange={(e) => onParams((e.formData ?? {}) as Record<string, unknown>)}
        uiSchema={uiSchema}
      />
    </div>
  )
}
