import type { NodeCatalogEntry, PortSpec } from '@inspectflow/graph-schema'
import { ClassicPreset } from 'rete'

import type { ModelNode } from '../graph-adapter'
import { socketFor } from './sockets'

/** What the canvas shows about a node's last run. */
export type NodeRunState = 'idle' | 'queued' | 'running' | 'cached' | 'done' | 'failed' | 'cancelled' | 'skipped'

/** Live status drawn on a node: badge, progress bar, message and preview image. */
export interface NodeStatus {
  state: NodeRunState
  done?: number
  total?: number
  message?: string
  /** data: URL of the latest preview image a node sent with its progress. */
  preview?: string
  previewCaption?: string
}

const HEADER_HEIGHT = 58
const ROW_HEIGHT = 26
const PREVIEW_HEIGHT = 150

/**
 * One node on the canvas. It keeps the file-level fields (type, version, params, unknown ui) next to
 * the Rete ports so that the adapter can write the graph back without losing anything.
 */
export class InspectNode extends ClassicPreset.Node {
  width = 240
  height = HEADER_HEIGHT
  readonly entry: NodeCatalogEntry
  typeVersion: number
  params: Record<string, unknown>
  uiExtra: Record<string, unknown>
  status: NodeStatus = { state: 'idle' }
  /** Problems the server found for this node on the last validate/save. */
  problems: string[] = []

  constructor(entry: NodeCatalogEntry, model: Pick<ModelNode, 'id' | 'label' | 'params' | 'uiExtra'>) {
    super(model.label ?? entry.title)
    this.id = model.id
    this.entry = entry
    this.typeVersion = entry.typeVersion
    this.params = model.params
    this.uiExtra = model.uiExtra
    for (const [key, spec] of Object.entries(entry.inputs)) this.addInput(key, makeInput(key, spec))
    for (const [key, spec] of Object.entries(entry.outputs)) {
      this.addOutput(key, new ClassicPreset.Output(socketFor(spec.type), key, true))
    }
    this.resize()
  }

  /** The node's own label when it differs from the type title. */
  get customLabel(): string | undefined {
    return this.label === this.entry.title ? undefined : this.label
  }

  /** Recomputes the height so the minimap and auto-arrange see the drawn size. */
  resize(): void {
    const rows = Math.max(Object.keys(this.entry.inputs).length, Object.keys(this.entry.outputs).length)
    const preview = this.status.preview ? PREVIEW_HEIGHT : 0
    const message = this.status.state === 'failed' || this.status.state === 'running' ? 22 : 0
    this.height = HEADER_HEIGHT + rows * ROW_HEIGHT + preview + message + 12
  }
}

function makeInput(key: string, spec: PortSpec): ClassicPreset.Input<ClassicPreset.Socket> {
  const label = spec.optional ? `${key} (optional)` : key
  return new ClassicPreset.Input(socketFor(spec.type), label, spec.multiple === true)
}
