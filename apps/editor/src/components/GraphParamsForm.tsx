import type { GraphParamDecl } from '@inspectflow/graph-schema'
import { useState } from 'react'

const TYPES: GraphParamDecl['type'][] = ['string', 'number', 'integer', 'boolean']

function parseDefault(type: GraphParamDecl['type'], text: string): string | number | boolean {
  if (type === 'boolean') return text === 'true'
  if (type === 'number' || type === 'integer') return Number(text)
  return text
}

function defaultProblem(decl: GraphParamDecl): string | undefined {
  const v = decl.default
  if (v === undefined) return undefined
  if ((decl.type === 'number' || decl.type === 'integer') && (typeof v !== 'number' || !Number.isFinite(v))) return 'expected a number'
  if (decl.type === 'integer' && !Number.isInteger(v)) return 'expected a whole number'
  return undefined
}

interface GraphParamsFormProps {
  params: Record<string, GraphParamDecl>
  onChange: (params: Record<string, GraphParamDecl>) => void
}

/** Graph-level params (referenced by nodes as `${params.name}`): type, default and description. */
export function GraphParamsForm({ params, onChange }: GraphParamsFormProps) {
  const [newName, setNewName] = useState('')
  const set = (name: string, decl: GraphParamDecl) => onChange({ ...params, [name]: decl })
  const remove = (name: string) => onChange(Object.fromEntries(Object.entries(params).filter(([k]) => k !== name)))
  const nameProblem = newName && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName) ? 'letters, digits and _ only' : params[newName] ? 'already exists' : undefined
  return (
    <div className="graph-params" data-testid="graph-params">
      {Object.entries(params).map(([name, decl]) => (
        <fieldset key={name} className="graph-param">
          <legend>
            <code>{`\${params.${name}}`}</code>
            <button className="link-button" onClick={() => remove(name)} title={`Remove ${name}`}>remove</button>
          </legend>
          <select value={decl.type} onChange={(e) => set(name, { ...decl, type: e.target.value as GraphParamDecl['type'] })}>
            {TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          <input
            value={decl.default === undefined ? '' : String(decl.default)}
            placeholder="default"
            onChange={(e) => set(name, { ...decl, default: parseDefault(decl.type, e.target.value) })}
            data-testid={`graph-param-default-${name}`}
          />
          {defaultProblem(decl) && <div className="field-error">{defaultProblem(decl)}</div>}
          <input value={decl.description ?? ''} placeholder="description" onChange={(e) => set(name, { ...decl, description: e.target.value })} />
        </fieldset>
      ))}
      <div className="add-param">
        <input value={newName} placeholder="new param name" onChange={(e) => setNewName(e.target.value)} data-testid="graph-param-new" />
        <button
          disabled={!newName || !!nameProblem}
          onClick={() => {
            set(newName, { type: 'string', default: '' })
            setNewName('')
          }}
        >
          Add
        </button>
        {nameProblem && <div className="field-error">{nameProblem}</div>}
      </div>
    </div>
  )
}
