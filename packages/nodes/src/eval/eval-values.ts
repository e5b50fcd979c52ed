/** What travels on a `Threshold` socket: the decision threshold and how it was chosen. */
export interface ThresholdValue {
  value: number
  method: 'best-f1' | 'normal-fpr' | 'manual'
  /** Human-readable account of the choice, e.g. `best F1 0.97 on 83 labelled images`. */
  detail: string
}

declare module '../contract/socket-values' {
  interface SocketValues {
    Threshold: ThresholdValue
  }
}
