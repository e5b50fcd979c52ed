import type { AnyNodeDefinition } from '../contract/define-node'
import { backboneNodes } from './backbone'
import { basicNodes } from './basic'
import { defectNodes } from './defect'
import { evalNodes } from './eval'
import { scoringNodes } from './scoring'

/**
 * Every node type this build ships, grouped by concern. Each group file lists its own nodes so that
 * adding a node touches one group only.
 */
export const allNodeDefinitions: AnyNodeDefinition[] = [
  ...basicNodes,
  ...backboneNodes,
  ...scoringNodes,
  ...evalNodes,
  ...defectNodes,
]
