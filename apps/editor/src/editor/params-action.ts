import type { HistoryAction } from 'rete-history-plugin'

import type { InspectNode } from './inspect-node'

/** An undoable change of one node's params (the history plugin's classic preset covers the rest). */
export class ParamsAction implements HistoryAction {
  constructor(
    private readonly node: InspectNode,
    private readonly before: Record<string, unknown>,
    private readonly after: Record<string, unknown>,
    private readonly onApplied: () => void,
  ) {}

  undo(): void {
    this.node.params = structuredClone(this.before)
    this.onApplied()
  }

  redo(): void {
    this.node.params = structuredClone(this.after)
    this.onApplied()
  }
}
