import type { BackboneArch } from './backbone-value'
import type { PretrainedModelName } from './catalog'

/**
 * The weights `inspectflow weights pull` knows how to fetch, by store name. torchvision's own
 * download server publishes only pickled `.pth` files; timm republishes the very same torchvision
 * ImageNet weights (`tv_in1k` = torchvision IMAGENET1K_V1) as safetensors on the Hugging Face hub,
 * with torchvision's tensor names (conv1, bn1, layerN.M.convK, downsample.0/1, fc) and BatchNorm
 * separate. The sha256 is the hub's Git LFS object id of that file, so a download is checked
 * byte for byte against what the hub lists.
 */
export interface KnownWeights {
  /** Store name, also the word a graph puts in `weightsPath`. */
  name: string
  arch: Exclude<BackboneArch, 'resnet50_keras'>
  /** The backbone.pretrained model that uses these weights when no weightsPath is given. */
  model: PretrainedModelName
  url: string
  sha256: string
  /** Approximate size, shown before the download starts. */
  approxBytes: number
  description: string
}

const HUB = 'https://huggingface.co'

export const KNOWN_WEIGHTS: readonly KnownWeights[] = [
  {
    name: 'resnet18',
    arch: 'resnet18',
    model: 'resnet18-imagenet',
    url: `${HUB}/timm/resnet18.tv_in1k/resolve/main/model.safetensors`,
    sha256: '694f673df6520a3158624e8a89af086f59923ee4cd7436fe5bc3bc71d295ad81',
    approxBytes: 46_800_000,
    description: 'torchvision ResNet18 IMAGENET1K_V1 (timm/resnet18.tv_in1k on the Hugging Face hub)',
  },
  {
    name: 'wide_resnet50_2',
    arch: 'wide_resnet50_2',
    model: 'wide-resnet50-imagenet',
    url: `${HUB}/timm/wide_resnet50_2.tv_in1k/resolve/main/model.safetensors`,
    sha256: 'df6fb6c4824769769de18e14088475fd6ee94236849aa4e5d8022ba9d9a9a16c',
    approxBytes: 276_000_000,
    description: 'torchvision Wide ResNet-50-2 IMAGENET1K_V1 (timm/wide_resnet50_2.tv_in1k on the Hugging Face hub)',
  },
]

/** The known weights of a store name, or undefined. */
export function knownWeights(name: string): KnownWeights | undefined {
  return KNOWN_WEIGHTS.find((k) => k.name === name)
}

/** The store name backbone.pretrained looks for when a model is given without weightsPath. */
export function storeNameForModel(model: PretrainedModelName): string | undefined {
  return KNOWN_WEIGHTS.find((k) => k.model === model)?.name
}
