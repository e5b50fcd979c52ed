import type { AnyNodeDefinition } from '../contract/define-node'

/** Node types of this group, in palette order. */
export const backboneNodes: AnyNodeDefinition[] = []
