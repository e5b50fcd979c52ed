import { freshNodeId, type GraphFile, type GraphNode, type NodeMigration, replaceNode } from '@inspectflow/graph-schema'

/**
 * features.extractor@1 tapped a list of layers and embedded them in one node. The pipeline is now
 * described with a layer.tap node per layer feeding one features.embed node, so a user sees (and can
 * change) which layers are tapped on the canvas. The embed node keeps the old id, so every edge out
 * of it and every `outputs` entry stays as it was.
 */
export const featuresExtractorToTaps: NodeMigration = {
  type: 'features.extractor',
  fromVersion: 1,
  becomes: 'layer.tap@1 per layer + features.embed@1',
  up(graph: GraphFile, nodeId: string): GraphFile {
    const node = graph.nodes.find((n) => n.id === nodeId) as GraphNode
    const { layers = ['layer2', 'layer3'], ...embedding } = node.params ?? {}
    if (!Array.isArray(layers) || layers.length === 0 || !layers.every((l) => typeof l === 'string')) {
      throw new Error(`params.layers must be a non-empty list of layer names to become layer.tap nodes, found ${JSON.stringify(layers)}`)
    }
    let withTaps = graph
    const taps: GraphNode[] = layers.map((layer, i) => {
      const id = freshNodeId(withTaps, `${nodeId}-${layer}`)
      const tap: GraphNode = { id, type: 'layer.tap', typeVersion: 1, label: `${layer} tap`, params: { layer }, ...(node.ui ? { ui: tapPosition(node.ui, i) } : {}) }
      withTaps = { ...withTaps, nodes: [...withTaps.nodes, tap] }
      return tap
    })
    const embed: GraphNode = { ...node, type: 'features.embed', typeVersion: 1, params: embedding }
    return replaceNode(graph, nodeId, {
      nodes: [...taps, embed],
      edges: taps.map((tap) => ({ from: { node: tap.id, port: 'tap' }, to: { node: nodeId, port: 'taps' } })),
      inputs: { backbone: taps.map((tap) => ({ node: tap.id, port: 'backbone' })) },
      outputs: { extractor: { node: nodeId, port: 'extractor' } },
    })
  },
}

/** Taps stand in a column left of where the extractor stood. */
function tapPosition(ui: Record<string, unknown>, index: number): Record<string, unknown> {
  if (typeof ui.x !== 'number' || typeof ui.y !== 'number') return {}
  return { x: ui.x - 240, y: ui.y + index * 110 }
}
