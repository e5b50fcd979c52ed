/**
 * The wire shape of the runtime's GET /api/fs (data roots and folder listings for the editor's path
 * picker), declared once for the server and the editor.
 */

/** One data root as the picker shows it: a short unique name and where it is. */
export interface DataRootEntry {
  name: string
  /** The absolute folder, so the person knows which disk they browse. */
  path: string
}

/** One entry of a listed folder. */
export interface FsEntry {
  name: string
  kind: 'folder' | 'file'
  /** Path relative to the root, `/`-separated: what to ask for next. */
  path: string
  /** What to write into a graph param: relative to the server's base folder when inside it, else absolute. */
  value: string
  size?: number
}

/** The answer of `GET /api/fs`. */
export interface FsListing {
  roots: DataRootEntry[]
  root: string
  path: string
  /** The value of the listed folder itself, for "use this folder". */
  value: string
  entries: FsEntry[]
  /** True when the folder held more entries than one answer lists. */
  truncated: boolean
}
