import { readAnswer, requestInit } from '../api/api-client'

/** One row of `GET /api/packages`, as the Inspect panel shows it. */
export interface PackageRow {
  name: string
  bytes?: number
  threshold?: { value: number; method: string }
  imageSize?: number
  backbone?: string
  bank?: { rows: number; fullRows: number; dim: number }
  provenance?: { graphName: string; createdAt: string; inspectflowVersion: string; metrics: Record<string, number | null> | null }
  /** Set when the stored package no longer opens. */
  error?: string
}

/** The answer to one inspected image. */
export interface InspectAnswer {
  score: number
  threshold: number
  anomalous: boolean
  mapUrl: string
  ms: number
}

const enc = encodeURIComponent

/** Content types the inspect route accepts, by file name ending, for files the browser types as ''. */
function imageType(file: File): string {
  if (file.type) return file.type
  const ext = file.name.toLowerCase().split('.').pop() ?? ''
  return ({ png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', bmp: 'image/bmp', tif: 'image/tiff', tiff: 'image/tiff' } as Record<string, string>)[ext] ?? 'application/octet-stream'
}

/** The package routes of the runtime API. Binary bodies go with their own type; the server checks origin and type. */
export const inspectApi = {
  list: async (): Promise<PackageRow[]> => (await readAnswer<{ packages: PackageRow[] }>(await fetch('/api/packages'), 'GET /api/packages')).packages,
  inspect: async (name: string, file: File): Promise<InspectAnswer> =>
    readAnswer<InspectAnswer>(await fetch(`/api/packages/${enc(name)}/inspect`, { method: 'POST', headers: { 'content-type': imageType(file) }, body: file }), `inspecting ${file.name}`),
  upload: async (name: string, file: File): Promise<PackageRow> =>
    readAnswer<PackageRow>(
      await fetch(`/api/packages?name=${enc(name)}&replace=1`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file }),
      `importing ${file.name}`,
    ),
  exportRun: async (runId: string): Promise<PackageRow> =>
    readAnswer<PackageRow>(
      await fetch(`/api/runs/${enc(runId)}/export`, requestInit('POST', { replace: true })),
      'Export inspection',
    ),
}

/** A package name from a file name: its stem, in the characters the server accepts. */
export function packageNameOf(fileName: string): string {
  const stem = fileName.replace(/\.inspect$/i, '').replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '')
  return (stem || 'package').slice(0, 64)
}
