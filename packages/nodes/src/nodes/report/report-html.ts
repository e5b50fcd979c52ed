import { Type } from '@sinclair/typebox'

import { defineNode } from '../../contract/define-node'
import { readRunInfo } from '../../report/run-info'
import { writeReport } from '../../report/write-report'
import { pixelMapSize } from '../eval/eval-metrics'

/** report.html: overlays per test image and a self-contained HTML report. */
export const reportHtmlNode = defineNode({
  type: 'report.html',
  typeVersion: 1,
  title: 'HTML report',
  category: 'evaluation',
  description:
    'Writes one anomaly-map overlay PNG per test image and a self-contained report.html: provenance, threshold and how it was chosen, the metrics table, ROC curve, score histogram with the threshold, and the worst false positives and false negatives.',
  inputs: {
    scores: { type: 'Scores', description: 'Test image scores and pixel anomaly maps' },
    metrics: { type: 'Metrics', description: 'Metrics to tabulate' },
    threshold: { type: 'Threshold', optional: true, description: 'Threshold to report; default the one in the metrics' },
    dataset: { type: 'Dataset', optional: true, description: 'Optional: shows the dataset fingerprint in the report' },
    backbone: { type: 'Backbone', optional: true, description: 'Optional: shows the backbone name and weights hash in the report' },
  },
  outputs: { report: { type: 'Report', description: 'Files written and a one-line summary' } },
  params: Type.Object({
    title: Type.String({ default: 'InspectFlow inspection report', description: 'Report heading' }),
    worstCount: Type.Integer({ minimum: 0, maximum: 50, default: 6, description: 'Worst false positives and false negatives shown' }),
    thumbnailSize: Type.Integer({ minimum: 32, maximum: 256, default: 128, description: 'Side of the embedded thumbnails in pixels' }),
  }),
  cacheable: false,
  run: async (ctx, inputs, params) => {
    pixelMapSize(inputs.scores)
    const runInfo = {
      ...readRunInfo(ctx.runInfo),
      ...(inputs.dataset ? { datasetFingerprint: inputs.dataset.fingerprint } : {}),
      ...(inputs.backbone ? { weightsHash: `${inputs.backbone.weightsHash} (${inputs.backbone.name})` } : {}),
    }
    const report = await writeReport(ctx, inputs.scores, inputs.metrics, inputs.threshold, { title: params.title, worstCount: params.worstCount, thumbnailSize: params.thumbnailSize, runInfo })
    ctx.log.info(report.summary)
    return { report }
  },
})
