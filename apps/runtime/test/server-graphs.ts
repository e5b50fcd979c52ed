import type { GraphFile } from '@inspectflow/graph-schema'

/** source -> slow: the small real graph the server tests run. */
export function chainGraph(options: { batches?: number; delayMs?: number; value?: number; name?: string } = {}): GraphFile {
  return {
    schemaVersion: 1,
    name: options.name ?? 'chain',
    params: { start: { type: 'number', default: options.value ?? 1 } },
    nodes: [
      { id: 'src', type: 'test.source', typeVersion: 1, params: { value: '${params.start}' } },
      { id: 'slow', type: 'test.slow', typeVersion: 1, params: { batches: options.batches ?? 3, delayMs: options.delayMs ?? 10 } },
    ],
    edges: [{ from: { node: 'src', port: 'value' }, to: { node: 'slow', port: 'value' } }],
  }
}

/** source -> fail. */
export function failingGraph(): GraphFile {
  return {
    schemaVersion: 1,
    name: 'failing',
    nodes: [
      { id: 'src', type: 'test.source', typeVersion: 1, params: { value: 2 } },
      { id: 'bad', type: 'test.fail', typeVersion: 1, params: {} },
    ],
    edges: [{ from: { node: 'src', port: 'value' }, to: { node: 'bad', port: 'value' } }],
  }
}

/** One file reader on `path`. */
export function readFileGraph(path: string): GraphFile {
  return {
    schemaVersion: 1,
    name: 'reader',
    nodes: [{ id: 'read', type: 'test.readFile', typeVersion: 1, params: { path } }],
    edges: [],
  }
}
