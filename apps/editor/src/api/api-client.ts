import type { GraphFile, GraphProblem, RunEvent } from '@inspectflow/graph-schema'

import type { Artifact, CatalogResponse, GraphListEntry, RunRecord, SaveResponse, StartRunRequest } from './api-types'

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

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { accept: 'application/json' } }
  if (body !== undefined) {
    init.body = JSON.stringify(body)
    init.headers = { ...init.headers, 'content-type': 'application/json' }
  }
  const response = await fetch(path, init)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  const json: unknown = text ? JSON.parse(text) : undefined
  if (!response.ok) {
    const error = (json as ErrorBody | undefined)?.error
    throw new ApiError(
      `${method} ${path} failed (${response.status}): ${error?.message ?? response.statusText}`,
      response.status,
      error?.code ?? 'http_error',
      error?.problems ?? [],
    )
  }
  return json as T
}

const enc = encodeURIComponent

/** The REST client of the runtime API (docs/api.md). Paths are relative, so the page's origin is used. */
export const api = {
  catalog: () => request<CatalogResponse>('GET', '/api/nodes'),
  listGraphs: async () => (await request<{ graphs: GraphListEntry[] }>('GET', '/api/graphs')).graphs,
  getGraph: (name: string) => request<GraphFile>('GET', `/api/graphs/${enc(name)}`),
  saveGraph: (name: string, graph: GraphFile, overwrite = true) =>
    request<SaveResponse>('PUT', `/api/graphs/${enc(name)}${overwrite ? '' : '?overwrite=false'}`, graph),
  validate: (graph: GraphFile) => request<{ ok: boolean; problems: GraphProblem[] }>('POST', '/api/graphs/validate', graph),
  startRun: (body: StartRunRequest) => request<{ runId: string; status: string; position: number }>('POST', '/api/runs', body),
  getRun: (runId: string) => request<RunRecord>('GET', `/api/runs/${enc(runId)}`),
  cancelRun: (runId: string) => request<RunRecord>('POST', `/api/runs/${enc(runId)}/cancel`),
  events: async (runId: string) => (await request<{ events: RunEvent[] }>('GET', `/api/runs/${enc(runId)}/events`)).events,
  artifacts: async (runId: string) => (await request<{ artifacts: Artifact[] }>('GET', `/api/runs/${enc(runId)}/artifacts`)).artifacts,
  /** Fetches a JSON artifact by its URL. */
  artifactJson: async <T>(url: string): Promise<T> => request<T>('GET', url),
}
