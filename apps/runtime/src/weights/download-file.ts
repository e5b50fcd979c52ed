import { type FileHandle, open, rm, stat } from 'node:fs/promises'

/**
 * A resumable HTTP download into a `.part` file: when the part file exists the request asks for
 * the rest with `Range: bytes=N-`; a server that answers 206 from N is appended to, one that
 * answers 200 (no range support) starts the file again. A connection that fails, stalls or closes
 * before the announced length throws DownloadError and leaves the bytes received in the part file
 * for the next try. The caller renames the part file once it has checked it.
 */

/** A download that did not finish; `partBytes` are kept in the part file for a resume. */
export class DownloadError extends Error {
  readonly partBytes: number
  constructor(message: string, partBytes: number) {
    super(message)
    this.name = 'DownloadError'
    this.partBytes = partBytes
  }
}

/** What {@link downloadToPart} needs. */
export interface DownloadOptions {
  url: string
  partFile: string
  /** Called for every chunk with the bytes in the part file and the full size when known. */
  onProgress?: (bytes: number, total: number | undefined) => void
  /** Give up when no byte arrives for this long (default 30 s): a stalled connection is an error too. */
  idleTimeoutMs?: number
}

/** How a finished download went. */
export interface DownloadResult {
  bytes: number
  /** Bytes that were already in the part file and not downloaded again. */
  resumedFrom: number
}

const DEFAULT_IDLE_MS = 30_000

async function sizeOf(file: string): Promise<number> {
  return stat(file).then(
    (info) => info.size,
    () => 0,
  )
}

/** The network-level reason of a failed fetch: `ENOTFOUND huggingface.co` rather than "fetch failed". */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  if (cause?.message) return cause.code && !cause.message.includes(cause.code) ? `${cause.code} ${cause.message}` : cause.message
  return (error as Error).message
}

/** The start and total of a 206 answer's `Content-Range: bytes START-END/TOTAL`. */
function parseContentRange(header: string | null): { start: number; total: number | undefined } | undefined {
  const match = header ? /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header.trim()) : null
  if (!match) return undefined
  return { start: Number(match[1]), total: match[2] === '*' ? undefined : Number(match[2]) }
}

async function request(url: string, from: number, signal: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, { headers: from > 0 ? { range: `bytes=${from}-` } : {}, redirect: 'follow', signal })
  } catch (error) {
    throw new DownloadError(`cannot reach ${new URL(url).host}: ${reasonOf(error)}`, from)
  }
}

/** Where the body goes: appended after `from` bytes, or the file started again. */
function plan(response: Response, from: number): { append: boolean; total: number | undefined } {
  const length = response.headers.get('content-length')
  if (response.status === 206 && from > 0) {
    const range = parseContentRange(response.headers.get('content-range'))
    if (range?.start === from) return { append: true, total: range.total }
  }
  return { append: false, total: length === null ? undefined : Number(length) }
}

/** Downloads `url` into `partFile`, resuming what is there. */
export async function downloadToPart(options: DownloadOptions): Promise<DownloadResult> {
  const existing = await sizeOf(options.partFile)
  const controller = new AbortController()
  let idle: NodeJS.Timeout | undefined
  const armIdle = (): void => {
    clearTimeout(idle)
    idle = setTimeout(() => controller.abort(), options.idleTimeoutMs ?? DEFAULT_IDLE_MS)
  }
  armIdle()
  try {
    let response = await request(options.url, existing, controller.signal)
    if (response.status === 416 && existing > 0) {
      await response.body?.cancel()
      // the whole file is already there (the last try ended after the download): nothing to fetch
      if (/\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1] === String(existing)) return { bytes: existing, resumedFrom: existing }
      // the part file is not a prefix the server can continue (a changed file, or longer): start over
      await rm(options.partFile, { force: true })
      response = await request(options.url, 0, controller.signal)
    }
    if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel()
      throw new DownloadError(`HTTP ${response.status} ${response.statusText} from ${options.url}`, existing)
    }
    return await receive(response, { ...options, existing, armIdle, signal: controller.signal })
  } finally {
    clearTimeout(idle)
  }
}

interface ReceiveContext extends DownloadOptions {
  existing: number
  armIdle: () => void
  signal: AbortSignal
}

/** Appends the body to `file`, counting from `start`; returns the bytes in the file at the end. */
async function pump(response: Response, file: FileHandle, start: number, context: ReceiveContext & { total: number | undefined }): Promise<number> {
  let bytes = start
  try {
    context.onProgress?.(bytes, context.total)
    const reader = response.body?.getReader()
    for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) {
      await file.write(next.value)
      bytes += next.value.byteLength
      context.armIdle()
      context.onProgress?.(bytes, context.total)
    }
    return bytes
  } catch (error) {
    const why = context.signal.aborted ? 'no data for too long' : reasonOf(error)
    throw new DownloadError(`connection lost after ${bytes}${context.total ? ` of ${context.total}` : ''} bytes (${why})`, bytes)
  }
}

async function receive(response: Response, context: ReceiveContext): Promise<DownloadResult> {
  const { append, total } = plan(response, context.existing)
  const start = append ? context.existing : 0
  const file = await open(context.partFile, append ? 'a' : 'w')
  let bytes: number
  try {
    bytes = await pump(response, file, start, { ...context, total })
  } finally {
    await file.close()
  }
  if (total !== undefined && bytes !== total) throw new DownloadError(`connection closed after ${bytes} of ${total} bytes`, bytes)
  return { bytes, resumedFrom: start }
}
