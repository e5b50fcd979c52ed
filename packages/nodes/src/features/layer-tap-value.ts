import type { BackboneValue } from '../backbone/backbone-value'

/** What travels on a `LayerTap` socket: one stage output of a backbone, with the shape it produces. */
export interface LayerTapValue {
  backbone: BackboneValue
  layer: string
  /** Downsampling factor relative to the input image. */
  stride: number
  channels: number
}

declare module '../contract/socket-values' {
  interface SocketValues {
    LayerTap: LayerTapValue
  }
}
