import type { FloatTensor } from '../contract/tensor'

/** Input normalisation of a backbone: x' = (x * scale - mean) / std per channel, in `channelOrder`. */
export interface Preprocessing {
  channelOrder: 'rgb' | 'bgr'
  /** Multiplies 0..255 pixel values first (1/255 for torchvision, 1 for Keras caffe mode). */
  scale: number
  mean: [number, number, number]
  std: [number, number, number]
}

/** A tap point of the backbone: its name and the shape it produces. */
export interface LayerInfo {
  channels: number
  /** Downsampling factor relative to the input. */
  stride: number
}

export type BackboneArch = 'resnet18' | 'wide_resnet50_2' | 'resnet50_keras'

/**
 * What travels on a `Backbone` socket: architecture, preprocessing and one weights dictionary. The
 * same dictionary builds the ONNX inference graph and the TensorFlow.js training graph, so there is
 * one source of truth for weights. Names follow torchvision (`layer2.0.conv1.weight`, ...); BatchNorm
 * is folded into the convolutions (`*.conv*.bias` present, no `bn*` tensors).
 */
export interface BackboneValue {
  arch: BackboneArch
  /** Catalog name, e.g. `resnet18-imagenet`, or what fine-tuning made of it. */
  name: string
  preprocess: Preprocessing
  layers: Record<string, LayerInfo>
  /** The deepest stage whose weights are present (`layer3` for a partial trunk). */
  deepestStage: string
  weights: Record<string, FloatTensor>
  /** sha256 of the weight file or of the fine-tuning run that produced the weights. */
  weightsHash: string
  /** Where the weights came from, for reports. */
  provenance: string
}

declare module '../contract/socket-values' {
  interface SocketValues {
    Backbone: BackboneValue
  }
}
