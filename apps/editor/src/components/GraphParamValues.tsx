import type { GraphParamDecl } from '@inspectflow/graph-schema'

import { PathField } from './PathField'
import type { PathKind } from './PathPicker'

interface GraphParamValuesProps {
  params: Record<string, GraphParamDecl>
  onChange: (params: Record<string, GraphParamDecl>) => void
  /** Params that feed a node's path param: they get the data-root picker. */
  pathKinds?: Record<string, PathKind>
}

function ValueInput({ name, decl, pathKind, onValue }: { name: string; decl: GraphParamDecl; pathKind?: PathKind; onValue: (value: GraphParamDecl['default']) => void }) {
  const testId = `graph-param-${name}`
  if (decl.type === 'string' && pathKind) {
    return <PathField id={testId} testId={testId} value={decl.default === undefined ? '' : String(decl.default)} kind={pathKind} label={name} onChange={onValue} />
  }
  if (decl.type === 'boolean') {
    return <input type="checkbox" checked={decl.default === true} onChange={(e) => onValue(e.target.checked)} data-testid={testId} id={testId} />
  }
  if (decl.type === 'number' || decl.type === 'integer') {
    return (
      <input
        type="number"
        step={decl.type === 'integer' ? 1 : 'any'}
        value={typeof decl.default === 'number' ? decl.default : ''}
        // An emptied field means "no default": the run then has to be given a value.
        onChange={(e) => onValue(e.target.value === '' ? undefined : Number(e.target.value))}
        data-testid={testId}
        id={testId}
      />
    )
  }
  return <input type="text" value={decl.default === undefined ? '' : String(decl.default)} onChange={(e) => onValue(e.target.value)} data-testid={testId} id={testId} />
}

/**
 * The graph's params as values to set (a data folder, k, a seed), the way a person runs a template;
 * their declarations (type, description, adding and removing) are in the "Edit parameters" mode.
 */
export function GraphParamValues({ params, onChange, pathKinds = {} }: GraphParamValuesProps) {
  const entries = Object.entries(params)
  if (!entries.length) return <p className="muted small">This graph has no parameters.</p>
  const setValue = (name: string, decl: GraphParamDecl, value: GraphParamDecl['default']) => {
    const { default: _old, ...rest } = decl
    onChange({ ...params, [name]: value === undefined ? rest : { ...rest, default: value } })
  }
  return (
    <div className="graph-param-values" data-testid="graph-param-values">
      {entries.map(([name, decl]) => (
        <div key={name} className={`field ${decl.type === 'boolean' ? 'field-inline' : ''}`}>
          <label htmlFor={`graph-param-${name}`}>{name}</label>
          <ValueInput name={name} decl={decl} {...(pathKinds[name] ? { pathKind: pathKinds[name] } : {})} onValue={(value) => setValue(name, decl, value)} />
          {decl.description && <span className="field-help">{decl.description}</span>}
        </div>
      ))}
    </div>
  )
}
