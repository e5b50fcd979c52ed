import type { AnyNodeDefinition } from '../contract/define-node'
import { datasetSyntheticNode } from './eval/dataset-synthetic'
import { decideThresholdNode } from './eval/decide-threshold'
import { evalMetricsNode } from './eval/eval-metrics'
import { reportHtmlNode } from './eval/report-html'

/** Node types of this group, in palette order. */
export const evalNodes: AnyNodeDefinition[] = [decideThresholdNode, evalMetricsNode, reportHtmlNode, datasetSyntheticNode]
