/**
 * What travels on each socket type at run time. Each domain module adds its own entry by declaration
 * merging, e.g. in datasets/dataset-value.ts:
 *
 *   declare module '../contract/socket-values' { interface SocketValues { Dataset: DatasetValue } }
 *
 * so that no single file has to know every value type.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SocketValues {}

/** The run-time value of a socket type; `unknown` until a domain declares it. */
export type SocketValue<T extends string> = T extends keyof SocketValues ? SocketValues[T] : unknown
