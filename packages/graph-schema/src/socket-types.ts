/**
 * The closed registry of socket types. Every node input and output carries one of these, the editor
 * colours sockets by them, and the graph checks refuse an edge between incompatible ones.
 */
export const SOCKET_TYPES = {
  Dataset: { color: '#4e79a7', description: 'Train and test image references, labels and masks' },
  ImageSet: { color: '#59a14f', description: 'A list of decoded images (tensors) with labels' },
  DefectMaker: { color: '#e15759', description: 'A synthetic-defect generator: shape x fill x placement x blend' },
  DefectShape: { color: '#ff9d9a', description: 'A random shape generator for synthetic defects' },
  DefectFill: { color: '#f28e2b', description: 'A fill generator for synthetic defects' },
  Saliency: { color: '#edc948', description: 'Where on an image synthetic defects may be placed' },
  Backbone: { color: '#b07aa1', description: 'CNN weights with architecture and preprocessing' },
  LayerTap: { color: '#d37295', description: 'One layer of a backbone, tapped: its feature map, stride and channels' },
  FeatureExtractor: { color: '#9c755f', description: 'A backbone with the layers tapped and the embedding' },
  PatchFeatures: { color: '#76b7b2', description: 'Patch embeddings [N, H, W, D] of a set of images' },
  MemoryBank: { color: '#af7aa1', description: 'Normal patch embeddings [M, D], possibly a coreset' },
  PatchScores: { color: '#e8743b', description: 'The anomaly score of every patch [N, h, w], before any map is built' },
  Scores: { color: '#ff7f0e', description: 'Image scores and patch or pixel anomaly maps' },
  Threshold: { color: '#bab0ac', description: 'A decision threshold with how it was chosen' },
  Metrics: { color: '#17becf', description: 'Evaluation metrics' },
  Report: { color: '#7f7f7f', description: 'Files written for a person to read' },
  Image: { color: '#8cd17d', description: 'A single image (PNG file or tensor)' },
  Number: { color: '#d4a6c8', description: 'A plain number' },
  Any: { color: '#cccccc', description: 'Accepts any value (debug and preview nodes)' },
} as const

/** Name of a registered socket type. */
export type SocketType = keyof typeof SOCKET_TYPES

/** All registered socket type names. */
export const SOCKET_TYPE_NAMES = Object.keys(SOCKET_TYPES) as SocketType[]

/** True when `name` is a registered socket type. */
export function isSocketType(name: string): name is SocketType {
  return Object.prototype.hasOwnProperty.call(SOCKET_TYPES, name)
}

/**
 * Whether an output of type `from` may feed an input of type `to`. Types match exactly; `Any` inputs
 * accept everything. Kept in one place so the editor and the runtime can never disagree.
 */
export function socketsCompatible(from: SocketType, to: SocketType): boolean {
  return from === to || to === 'Any'
}
