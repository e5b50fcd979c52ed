import type { BackboneArch, LayerInfo } from './backbone-value'

/**
 * ResNet architectures as data. The ONNX builder (inference) and the TensorFlow.js trainer both walk
 * these descriptions, so the network is defined once. Every convolution carries its BatchNorm folded
 * in: weights `${name}.weight` [out, in, k, k] (OIHW) and `${name}.bias` [out].
 */

/** One convolution (with folded BatchNorm), followed by ReLU unless it ends a residual branch. */
export interface ConvSpec {
  /** Weight prefix in torchvision naming, e.g. `layer2.0.conv1` or `layer2.0.downsample.0`. */
  name: string
  inChannels: number
  outChannels: number
  kernel: number
  stride: number
  /** Symmetric zero padding on each side. */
  padding: number
}

/** A residual block: `relu(convs(x) + (downsample ?? identity)(x))`, ReLU between the convs. */
export interface BlockSpec {
  name: string
  convs: ConvSpec[]
  downsample?: ConvSpec
  outChannels: number
}

/** A stage (`layer1` .. `layer4`): the tap points of feature extraction are stage outputs. */
export interface StageSpec {
  name: string
  blocks: BlockSpec[]
  outChannels: number
  /** Total downsampling relative to the input at this stage's output. */
  stride: number
}

/** A whole trunk: stem conv + ReLU + max-pool, then the stages in order. */
export interface ArchitectureSpec {
  arch: string
  inputChannels: number
  stem: ConvSpec
  maxPool: { kernel: number; stride: number; padding: number }
  stages: StageSpec[]
}

/** The shape parameters that distinguish the ResNets we build. */
export interface ResNetShape {
  block: 'basic' | 'bottleneck'
  blocksPerStage: number[]
  stemChannels: number
  /** torchvision `planes` per stage (64, 128, 256, 512 for the standard nets). */
  planes: number[]
  /** Bottleneck inner width = planes * widthFactor (2 for wide_resnet50_2). */
  widthFactor: number
  /**
   * Keras ResNet50 v1 strides the first 1x1 conv of a downsampling block; torchvision (v1.5) strides
   * the 3x3 conv.
   */
  strideOnFirstConv: boolean
}

const conv = (name: string, inChannels: number, outChannels: number, kernel: number, stride: number): ConvSpec => ({
  name,
  inChannels,
  outChannels,
  kernel,
  stride,
  padding: (kernel - 1) / 2,
})

function basicBlock(name: string, inChannels: number, planes: number, stride: number): BlockSpec {
  const needsDownsample = stride !== 1 || inChannels !== planes
  return {
    name,
    convs: [conv(`${name}.conv1`, inChannels, planes, 3, stride), conv(`${name}.conv2`, planes, planes, 3, 1)],
    ...(needsDownsample ? { downsample: conv(`${name}.downsample.0`, inChannels, planes, 1, stride) } : {}),
    outChannels: planes,
  }
}

function bottleneckBlock(name: string, inChannels: number, planes: number, stride: number, shape: ResNetShape): BlockSpec {
  const width = planes * shape.widthFactor
  const out = planes * 4
  const needsDownsample = stride !== 1 || inChannels !== out
  const [firstStride, middleStride] = shape.strideOnFirstConv ? [stride, 1] : [1, stride]
  return {
    name,
    convs: [
      conv(`${name}.conv1`, inChannels, width, 1, firstStride),
      conv(`${name}.conv2`, width, width, 3, middleStride),
      conv(`${name}.conv3`, width, out, 1, 1),
    ],
    ...(needsDownsample ? { downsample: conv(`${name}.downsample.0`, inChannels, out, 1, stride) } : {}),
    outChannels: out,
  }
}

/** Builds a ResNet description from its shape; exported so tests can describe tiny networks. */
export function resnetArchitecture(arch: string, shape: ResNetShape): ArchitectureSpec {
  let channels = shape.stemChannels
  let stride = 4
  const stages = shape.blocksPerStage.map((count, stageIndex): StageSpec => {
    const name = `layer${stageIndex + 1}`
    const planes = shape.planes[stageIndex] as number
    const firstStride = stageIndex === 0 ? 1 : 2
    stride *= firstStride
    const blocks = Array.from({ length: count }, (_, i) => {
      const blockStride = i === 0 ? firstStride : 1
      const block =
        shape.block === 'basic'
          ? basicBlock(`${name}.${i}`, channels, planes, blockStride)
          : bottleneckBlock(`${name}.${i}`, channels, planes, blockStride, shape)
      channels = block.outChannels
      return block
    })
    return { name, blocks, outChannels: channels, stride }
  })
  return {
    arch,
    inputChannels: 3,
    stem: { name: 'conv1', inChannels: 3, outChannels: shape.stemChannels, kernel: 7, stride: 2, padding: 3 },
    maxPool: { kernel: 3, stride: 2, padding: 1 },
    stages,
  }
}

const STANDARD_PLANES = [64, 128, 256, 512]

const SHAPES: Record<BackboneArch, ResNetShape> = {
  resnet18: { block: 'basic', blocksPerStage: [2, 2, 2, 2], stemChannels: 64, planes: STANDARD_PLANES, widthFactor: 1, strideOnFirstConv: false },
  wide_resnet50_2: { block: 'bottleneck', blocksPerStage: [3, 4, 6, 3], stemChannels: 64, planes: STANDARD_PLANES, widthFactor: 2, strideOnFirstConv: false },
  resnet50_keras: { block: 'bottleneck', blocksPerStage: [3, 4, 6, 3], stemChannels: 64, planes: STANDARD_PLANES, widthFactor: 1, strideOnFirstConv: true },
}

/** The full (conv1..layer4) description of one of the catalog architectures. */
export function describeArchitecture(arch: BackboneArch): ArchitectureSpec {
  return resnetArchitecture(arch, SHAPES[arch])
}

/** The same trunk cut after `deepestStage` (features need nothing past the deepest tap). */
export function truncateArchitecture(spec: ArchitectureSpec, deepestStage: string): ArchitectureSpec {
  const index = spec.stages.findIndex((stage) => stage.name === deepestStage)
  if (index < 0) {
    const known = spec.stages.map((stage) => stage.name).join(', ')
    throw new RangeError(`architecture ${spec.arch}: no stage "${deepestStage}" (stages: ${known})`)
  }
  return { ...spec, stages: spec.stages.slice(0, index + 1) }
}

/** Every convolution in execution order (stem first; in a block: main path, then downsample). */
export function listConvLayers(spec: ArchitectureSpec): ConvSpec[] {
  const convs = [spec.stem]
  for (const stage of spec.stages) {
    for (const block of stage.blocks) {
      convs.push(...block.convs)
      if (block.downsample) convs.push(block.downsample)
    }
  }
  return convs
}

/** Name and shape of every weight tensor the trunk needs (folded BatchNorm: weight + bias). */
export function expectedWeightShapes(spec: ArchitectureSpec): Map<string, number[]> {
  const shapes = new Map<string, number[]>()
  for (const c of listConvLayers(spec)) {
    shapes.set(`${c.name}.weight`, [c.outChannels, c.inChannels, c.kernel, c.kernel])
    shapes.set(`${c.name}.bias`, [c.outChannels])
  }
  return shapes
}

/** Channels and stride of every stage output: the tap points offered to feature extraction. */
export function stageTaps(spec: ArchitectureSpec): Record<string, LayerInfo> {
  return Object.fromEntries(spec.stages.map((stage) => [stage.name, { channels: stage.outChannels, stride: stage.stride }]))
}
