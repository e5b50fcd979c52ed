import { freshNodeId, type GraphFile, type GraphNode, type NodeMigration, replaceNode } from '@inspectflow/graph-schema'

/** Params of a version 1 score node that version 2 no longer has: blocks went to the engines, sigma to anomaly.map. */
const MOVED = ['queryBlock', 'bankBlock', 'sigma']

/**
 * score.ldknn@1 and score.knn@1 built the pixel maps themselves; version 2 outputs patch scores and an
 * anomaly.map node right after it builds the maps, with the old `sigma`. The search blocks are dropped:
 * they are engine options now and never changed a score.
 */
function splitMaps(type: 'score.ldknn' | 'score.knn'): NodeMigration {
  return {
    type,
    fromVersion: 1,
    becomes: `${type}@2 + anomaly.map@1`,
    up(graph: GraphFile, nodeId: string): GraphFile {
      const node = graph.nodes.find((n) => n.id === nodeId) as GraphNode
      const params = node.params ?? {}
      const mapId = freshNodeId(graph, `${nodeId}-map`)
      const kept = Object.fromEntries(Object.entries(params).filter(([name]) => !MOVED.includes(name)))
      const score: GraphNode = { ...node, typeVersion: 2, params: kept }
      const map: GraphNode = {
        id: mapId,
        type: 'anomaly.map',
        typeVersion: 1,
        ...(params.sigma !== undefined ? { params: { sigma: params.sigma } } : {}),
        ...(node.ui ? { ui: shifted(node.ui) } : {}),
      }
      return replaceNode(graph, nodeId, {
        nodes: [score, map],
        edges: [{ from: { node: nodeId, port: 'patchScores' }, to: { node: mapId, port: 'patchScores' } }],
        inputs: { bank: [{ node: nodeId, port: 'bank' }], features: [{ node: nodeId, port: 'features' }] },
        outputs: { scores: { node: mapId, port: 'scores' } },
      })
    },
  }
}

/** The map node goes just below the score node in the editor. */
function shifted(ui: Record<string, unknown>): Record<string, unknown> {
  return typeof ui.y === 'number' ? { ...ui, y: ui.y + 160 } : { ...ui }
}

export const scoreMigrations: NodeMigration[] = [splitMaps('score.ldknn'), splitMaps('score.knn')]
