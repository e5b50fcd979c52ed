import type { AnyNodeDefinition } from '../contract/define-node'
import { basicNodes } from './basic'
import { defectNodes } from './defect'
import { evalNodes } from './eval'
import { rebNodes } from './reb'

/**
 * Every node type this build ships, grouped by concern. Each group file lists its own nodes so that
 * adding a node touches one group only.
 */
export const allNodeDefinitions: AnyNodeDefinition[] = [...basicNodes, ...rebNodes, ...evalNodes, ...defectNodes]
