/** The runtime's public surface: the executor, its cache and the CLI entry. */
export { executeGraph } from './executor/execute-graph'
export type { RunOptions, RunResult } from './executor/run-options'
export type { RunEventInput } from './executor/run-event-emitter'
export { summarizeValue } from './executor/summarize-value'
export { createOutputCache, type OutputCache, type OutputCacheOptions } from './cache/output-cache'
export { main } from './cli/main'
