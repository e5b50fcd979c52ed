import { useCallback, useEffect, useState } from 'react'

import { type InspectAnswer, inspectApi, type PackageRow, packageNameOf } from './inspect-api'

/** One dropped image and what the package said about it. */
interface InspectedImage {
  id: number
  file: string
  answer?: InspectAnswer
  error?: string
}

interface InspectPanelProps {
  /** The package to select first (a fresh export). */
  selected?: string
  onClose: () => void
}

let nextId = 1

function PackageSummary({ row }: { row: PackageRow | undefined }) {
  if (!row) return <p className="inspect-muted">No package yet: export a finished run or import a .inspect file.</p>
  if (row.error) return <p className="inspect-error">{row.error}</p>
  const auroc = row.provenance?.metrics?.imageAuroc
  return (
    <p className="inspect-muted" data-testid="inspect-package-summary">
      {row.provenance?.graphName} · {row.backbone} · {row.imageSize} px · bank {row.bank?.rows} of {row.bank?.fullRows} patches · threshold {row.threshold?.value.toPrecision(5)} ({row.threshold?.method})
      {typeof auroc === 'number' ? ` · image AUROC at fit ${(auroc * 100).toFixed(1)}%` : ''} · {row.provenance?.createdAt.slice(0, 16).replace('T', ' ')}
    </p>
  )
}

function ResultCard({ item }: { item: InspectedImage }) {
  const { answer } = item
  const decision = answer ? (answer.anomalous ? 'anomalous' : 'normal') : item.error ? 'error' : 'pending'
  return (
    <figure className={`inspect-card inspect-${decision}`} data-testid="inspect-result" data-decision={decision}>
      {answer ? <img src={answer.mapUrl} alt={`heat map of ${item.file}`} /> : <div className="inspect-placeholder">{item.error ? '!' : '…'}</div>}
      <figcaption>
        <strong title={item.file}>{item.file}</strong>
        {answer && (
          <>
            <span className="inspect-decision">{decision.toUpperCase()}</span>
            <span>
              score {answer.score.toPrecision(5)} / threshold {answer.threshold.toPrecision(5)}
            </span>
            <span className="inspect-muted">{answer.ms.toFixed(0)} ms</span>
          </>
        )}
        {item.error && <span className="inspect-error">{item.error}</span>}
      </figcaption>
    </figure>
  )
}

/**
 * Drop images on a fitted inspection package and see each one's score, decision and heat map, as the
 * line would. Packages come from "Export inspection" on a finished run or from an imported .inspect file.
 */
export function InspectPanel({ selected, onClose }: InspectPanelProps) {
  const [packages, setPackages] = useState<PackageRow[]>([])
  const [name, setName] = useState<string | undefined>(selected)
  const [items, setItems] = useState<InspectedImage[]>([])
  const [message, setMessage] = useState<string>()
  const [dragging, setDragging] = useState(false)
  const refresh = useCallback(async (prefer?: string) => {
    try {
      const rows = await inspectApi.list()
      setPackages(rows)
      setName((current) => prefer ?? current ?? rows.find((r) => !r.error)?.name)
    } catch (error) {
      setMessage((error as Error).message)
    }
  }, [])
  useEffect(() => void refresh(selected), [refresh, selected])

  const inspectFiles = async (files: File[]) => {
    if (!name) return
    for (const file of files) {
      const id = nextId++
      setItems((list) => [{ id, file: file.name }, ...list].slice(0, 60))
      const update = (patch: Partial<InspectedImage>) => setItems((list) => list.map((i) => (i.id === id ? { ...i, ...patch } : i)))
      await inspectApi.inspect(name, file).then((answer) => update({ answer }), (error: unknown) => update({ error: (error as Error).message }))
    }
  }
  const importPackage = async (file: File) => {
    try {
      const row = await inspectApi.upload(packageNameOf(file.name), file)
      setMessage(`imported ${row.name}`)
      await refresh(row.name)
    } catch (error) {
      setMessage((error as Error).message)
    }
  }
  const current = packages.find((p) => p.name === name)
  const anomalous = items.filter((i) => i.answer?.anomalous).length
  return (
    <section className="inspect-panel" data-testid="inspect-panel" aria-label="Inspect images with a fitted package">
      <header>
        <h2>Inspect</h2>
        <select value={name ?? ''} onChange={(e) => setName(e.target.value)} data-testid="inspect-package">
          {packages.map((p) => (
            <option key={p.name} value={p.name} disabled={Boolean(p.error)}>
              {p.name}
            </option>
          ))}
        </select>
        <label className="inspect-button">
          Import .inspect
          <input type="file" accept=".inspect" hidden onChange={(e) => e.target.files?.[0] && void importPackage(e.target.files[0])} />
        </label>
        <button onClick={onClose} aria-label="Close the Inspect panel" data-testid="inspect-close">
          ×
        </button>
      </header>
      <PackageSummary row={current} />
      {message && <p className="inspect-muted" data-testid="inspect-message">{message}</p>}
      <label
        className={`inspect-drop ${dragging ? 'inspect-drop-over' : ''} ${name ? '' : 'inspect-drop-off'}`}
        data-testid="inspect-drop"
        onDragOver={(e) => {
          e.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault()
          setDragging(false)
          void inspectFiles([...e.dataTransfer.files])
        }}
      >
        Drop images here (PNG, JPEG, BMP, TIFF) or click to choose
        <input type="file" accept="image/png,image/jpeg,image/bmp,image/tiff,.bmp,.tif,.tiff" multiple hidden disabled={!name} data-testid="inspect-files" onChange={(e) => void inspectFiles([...(e.target.files ?? [])])} />
      </label>
      {items.length > 0 && (
        <p className="inspect-muted" data-testid="inspect-tally">
          {items.length} image(s): {anomalous} anomalous, {items.filter((i) => i.answer && !i.answer.anomalous).length} normal
        </p>
      )}
      <div className="inspect-results">
        {items.map((item) => (
          <ResultCard key={item.id} item={item} />
        ))}
      </div>
    </section>
  )
}
