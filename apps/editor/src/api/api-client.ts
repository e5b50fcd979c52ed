import type { GraphFile, GraphProblem, RunEvent } from '@inspectflow/graph-schema'

import type { Artifact, CatalogResponse, DataRoot, FsListing, GraphListEntry, RunRecord, SaveResponse, StartRunRequest } from './api-types'

/** An error answer of the runtime API, with the graph problems when there are any. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly problems: GraphProblem[] = [],
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

interface ErrorBody {
  error?: { message?: string; code?: string; problems?: GraphProblem[] }
}

/** The fetch options of a JSON call to the runtime API. */
export function requestInit(method: string, body: unknown): RequestInit {
  if (method === 'GET') return { method, headers: { accept: 'application/json' } }
  // Every state-changing call says it is JSON from this editor, body or not: the server refuses
  // cross-site writes, which a plain form or text/plain POST from another page would be.
  return {
    method,
    headers: { accept: 'application/json', 'content-type': 'application/json', 'x-requested-with': 'inspectflow-editor' },
    body: JSON.stringify(body ?? {}),
  }
}

/** The JSON answer of a runtime API response, or an ApiError saying which call (`what`) failed and why. */
export async function readAnswer<T>(response: Response, what: string): Promise<T> {
  const text = await response.text()
  const json: unknown = text ? JSON.parse(text) : undefined
  if (!response.ok) {
    const error = (json as ErrorBody | undefined)?.error
    throw new ApiError(`${what} failed (${response.status}): ${error?.message ?? response.statusText}`, response.status, error?.code ?? 'http_error', error?.problems ?? [])
  }
  return json as T
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, requestInit(method, body))
  if (response.status === 204) return undefined as T
  return readAnswer<T>(response, `${method} ${path}`)
}

const enc = encodeURIComponent

/** The REST client of the runtime API (docs/api.md). Paths are relative, so the page's origin is used. */
export const api = {
  catalog: () => request<CatalogResponse>('GET', '/api/nodes'),
  listGraphs: async () => (await request<{ graphs: GraphListEntry[] }>('GET', '/api/graphs')).graphs,
  getGraph: (name: string) => request<GraphFile>('GET', `/api/graphs/${enc(name)}`),
  saveGraph: (name: string, graph: GraphFile, overwrite = true) =>
    request<SaveResponse>('PUT', `/api/graphs/${enc(name)}${overwrite ? '' : '?overwrite=false'}`, graph),
  /** Migrates and checks a graph; `graph` is the migrated file, absent when it could not be read at all. */
  validate: (graph: unknown) => request<{ ok: boolean; problems: GraphProblem[]; graph?: GraphFile }>('POST', '/api/graphs/validate', graph),
  deleteGraph: (name: string) => request<void>('DELETE', `/api/graphs/${enc(name)}`),
  startRun: (body: StartRunRequest) => request<{ runId: string; status: string; position: number }>('POST', '/api/runs', body),
  listRuns: async (limit = 30) => (await request<{ runs: RunRecord[] }>('GET', `/api/runs?limit=${limit}`)).runs,
  getRun: (runId: string) => request<RunRecord>('GET', `/api/runs/${enc(runId)}`),
  cancelRun: (runId: string) => request<RunRecord>('POST', `/api/runs/${enc(runId)}/cancel`),
  events: async (runId: string) => (await request<{ events: RunEvent[] }>('GET', `/api/runs/${enc(runId)}/events`)).events,
  artifacts: async (runId: string) => (await request<{ artifacts: Artifact[] }>('GET', `/api/runs/${enc(runId)}/artifacts`)).artifacts,
  /** Fetches a JSON artifact by its URL. */
  artifactJson: async <T>(url: string): Promise<T> => request<T>('GET', url),
  /** The server's data roots, for the path picker. */
  dataRoots: async () => (await request<{ roots: DataRoot[] }>('GET', '/api/fs')).roots,
  /** The folders and files of one folder under a data root. */
  listFolder: (root: string, path: string) => request<FsListing>('GET', `/api/fs?root=${enc(root)}&path=${enc(path)}`),
}
