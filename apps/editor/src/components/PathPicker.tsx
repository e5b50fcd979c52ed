import { useEffect, useState } from 'react'

import { api } from '../api/api-client'
import type { DataRoot, FsEntry, FsListing } from '../api/api-types'
import { startingPlace } from './path-place'

export type PathKind = 'folder' | 'file'

interface PathPickerProps {
  kind: PathKind
  /** The param's current value, to open where it points when it is inside a data root. */
  value: string
  title: string
  onPick: (value: string) => void
  onClose: () => void
}

function sizeText(bytes: number | undefined): string {
  if (bytes === undefined) return ''
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** root / a / b as buttons that open each level. */
function Crumbs({ listing, onOpen }: { listing: FsListing; onOpen: (path: string) => void }) {
  const parts = listing.path ? listing.path.split('/') : []
  return (
    <nav className="path-crumbs">
      <button className="link-button" onClick={() => onOpen('')} data-testid="path-picker-crumb">
        {listing.root}
      </button>
      {parts.map((part, i) => (
        <span key={i}>
          {' / '}
          <button className="link-button" onClick={() => onOpen(parts.slice(0, i + 1).join('/'))} data-testid="path-picker-crumb">
            {part}
          </button>
        </span>
      ))}
    </nav>
  )
}

function EntryRow({ entry, kind, chosen, onOpen, onChoose, onPick }: { entry: FsEntry; kind: PathKind; chosen: boolean; onOpen: () => void; onChoose: () => void; onPick: () => void }) {
  const isFolder = entry.kind === 'folder'
  return (
    <li
      className={`path-entry ${isFolder ? 'is-folder' : 'is-file'} ${chosen ? 'chosen' : ''}`}
      data-testid="path-entry"
      data-name={entry.name}
      data-kind={entry.kind}
      onClick={isFolder ? onOpen : onChoose}
      onDoubleClick={isFolder ? undefined : onPick}
      title={isFolder ? `Open ${entry.name}` : kind === 'file' ? `Choose ${entry.name} (double-click to use it)` : entry.name}
    >
      <span className={`path-icon ${isFolder ? 'icon-folder' : 'icon-file'}`} aria-hidden />
      <span className="path-name">{entry.name}</span>
      <span className="muted small">{isFolder ? '' : sizeText(entry.size)}</span>
    </li>
  )
}

/** The roots and the folder shown, loaded from the server; `open` shows another folder. */
function useListing(kind: PathKind, value: string) {
  const [roots, setRoots] = useState<DataRoot[]>([])
  const [listing, setListing] = useState<FsListing>()
  const [error, setError] = useState<string>()
  const say = (e: unknown) => setError(e instanceof Error ? e.message : String(e))
  useEffect(() => {
    let live = true
    void (async () => {
      const found = await api.dataRoots()
      if (!live) return
      setRoots(found)
      if (!found.length) return setError('The server has no data roots: start it with --data-root DIR.')
      const place = await startingPlace(found, value, kind)
      if (live) setListing(place)
    })().catch((e: unknown) => live && say(e))
    return () => {
      live = false
    }
  }, [value, kind])
  const open = (root: string, path: string) =>
    api.listFolder(root, path).then((next) => {
      setListing(next)
      setError(undefined)
    }, say)
  return { roots, listing, error, open }
}

function Footer({ kind, listing, picked, onClose, onUse }: { kind: PathKind; listing?: FsListing; picked?: string; onClose: () => void; onUse: () => void }) {
  const hiddenFiles = kind === 'folder' ? (listing?.entries.filter((e) => e.kind === 'file').length ?? 0) : 0
  return (
    <footer>
      <span className="muted small" data-testid="path-picker-value">
        {hiddenFiles > 0 && `${hiddenFiles} file(s) in this folder · `}
        {listing?.truncated && 'only the first entries are listed · '}
        {picked ? <code>{picked}</code> : kind === 'file' ? 'click a file' : ''}
      </span>
      <button className="tb-button" onClick={onClose}>Cancel</button>
      <button className="tb-button primary" disabled={!picked} onClick={onUse} data-testid="path-picker-use">
        {kind === 'folder' ? 'Use this folder' : 'Use this file'}
      </button>
    </footer>
  )
}

function RootSelect({ roots, current, onRoot }: { roots: DataRoot[]; current: string; onRoot: (root: string) => void }) {
  return (
    <label className="path-root">
      Data root{' '}
      <select value={current} onChange={(e) => onRoot(e.target.value)} data-testid="path-picker-root">
        {roots.map((r) => (
          <option key={r.name} value={r.name} title={r.path}>
            {r.name} — {r.path}
          </option>
        ))}
      </select>
    </label>
  )
}

interface EntryListProps {
  kind: PathKind
  listing?: FsListing
  chosen: FsEntry | undefined
  onGo: (root: string, path: string) => void
  onChoose: (entry: FsEntry) => void
  onPick: (value: string) => void
}

/** The folder's entries (a folder param lists folders only), with ".." to go up. */
function EntryList({ kind, listing, chosen, onGo, onChoose, onPick }: EntryListProps) {
  if (!listing) return <ul className="path-list" />
  const shown = listing.entries.filter((e) => kind === 'file' || e.kind === 'folder')
  const parent = listing.path ? listing.path.split('/').slice(0, -1).join('/') : undefined
  return (
    <ul className="path-list">
      {parent !== undefined && (
        <li className="path-entry is-folder" onClick={() => onGo(listing.root, parent)} data-testid="path-up">
          <span className="path-icon icon-up" aria-hidden>↰</span>
          <span className="path-name">..</span>
        </li>
      )}
      {shown.map((entry) => (
        <EntryRow
          key={entry.name}
          entry={entry}
          kind={kind}
          chosen={chosen?.path === entry.path}
          onOpen={() => onGo(listing.root, entry.path)}
          onChoose={() => kind === 'file' && onChoose(entry)}
          onPick={() => kind === 'file' && onPick(entry.value)}
        />
      ))}
      {shown.length === 0 && <li className="muted small">no {kind === 'folder' ? 'sub-folders' : 'entries'} here</li>}
    </ul>
  )
}

/**
 * Browses the server's data roots (the only places a graph may read) for a folder or a file: folders
 * open on click; a folder param takes the folder shown, a file param the file clicked.
 */
export function PathPicker({ kind, value, title, onPick, onClose }: PathPickerProps) {
  const { roots, listing, error, open } = useListing(kind, value)
  const [chosen, setChosen] = useState<FsEntry>()
  const go = (root: string, path: string) => {
    setChosen(undefined)
    void open(root, path)
  }
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && onClose()
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  const picked = kind === 'folder' ? listing?.value : chosen?.value
  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="path-picker" onClick={(e) => e.stopPropagation()} data-testid="path-picker" role="dialog" aria-label={title}>
        <header>
          <strong>{title}</strong>
          <button className="link-button" onClick={onClose} title="Close (Esc)">close</button>
        </header>
        <RootSelect roots={roots} current={listing?.root ?? ''} onRoot={(root) => go(root, '')} />
        {listing && <Crumbs listing={listing} onOpen={(path) => go(listing.root, path)} />}
        {error && <p className="path-error" data-testid="path-picker-error">{error}</p>}
        <EntryList kind={kind} {...(listing ? { listing } : {})} chosen={chosen} onGo={go} onChoose={setChosen} onPick={onPick} />
        <Footer kind={kind} {...(listing ? { listing } : {})} {...(picked ? { picked } : {})} onClose={onClose} onUse={() => picked && onPick(picked)} />
      </div>
    </div>
  )
}
