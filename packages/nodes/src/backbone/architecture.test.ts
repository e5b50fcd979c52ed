import { describe, expect, it } from 'vitest'

import { describeArchitecture, expectedWeightShapes, listConvLayers, stageTaps, truncateArchitecture } from './architecture'

describe('describeArchitecture', () => {
  it('describes torchvision ResNet18 (BasicBlock [2, 2, 2, 2])', () => {
    const spec = describeArchitecture('resnet18')
    const shapes = expectedWeightShapes(spec)
    expect(shapes.get('conv1.weight')).toEqual([64, 3, 7, 7])
    expect(shapes.get('layer2.0.conv1.weight')).toEqual([128, 64, 3, 3])
    expect(shapes.get('layer2.0.downsample.0.weight')).toEqual([128, 64, 1, 1])
    expect(shapes.has('layer1.0.downsample.0.weight')).toBe(false)
    expect(shapes.get('layer4.1.conv2.bias')).toEqual([512])
    // 20 convs: stem, 16 in blocks, 3 downsamples
    expect(listConvLayers(spec)).toHaveLength(20)
    expect(listConvLayers(spec).find((c) => c.name === 'layer3.0.conv1')?.stride).toBe(2)
    expect(stageTaps(spec)).toEqual({
      layer1: { channels: 64, stride: 4 }, layer2: { channels: 128, stride: 8 }, layer3: { channels: 256, stride: 16 }, layer4: { channels: 512, stride: 32 },
    })
  })

  it('describes torchvision wide_resnet50_2 (Bottleneck [3, 4, 6, 3], inner width doubled)', () => {
    const shapes = expectedWeightShapes(describeArchitecture('wide_resnet50_2'))
    expect(shapes.get('layer1.0.conv1.weight')).toEqual([128, 64, 1, 1])
    expect(shapes.get('layer1.0.conv2.weight')).toEqual([128, 128, 3, 3])
    expect(shapes.get('layer1.0.conv3.weight')).toEqual([256, 128, 1, 1])
    expect(shapes.get('layer1.0.downsample.0.weight')).toEqual([256, 64, 1, 1])
    expect(shapes.get('layer3.5.conv3.weight')).toEqual([1024, 512, 1, 1])
    expect(shapes.has('layer3.6.conv1.weight')).toBe(false)
    const convs = listConvLayers(describeArchitecture('wide_resnet50_2'))
    expect(convs.find((c) => c.name === 'layer2.0.conv2')?.stride).toBe(2)
    expect(convs.find((c) => c.name === 'layer2.0.conv1')?.stride).toBe(1)
  })

  it('puts the Keras ResNet50 stride on the first 1x1 conv of a block', () => {
    const convs = listConvLayers(describeArchitecture('resnet50_keras'))
    expect(convs.find((c) => c.name === 'layer3.0.conv1')?.stride).toBe(2)
    expect(convs.find((c) => c.name === 'layer3.0.conv2')?.stride).toBe(1)
    expect(convs.find((c) => c.name === 'layer3.0.conv2')?.inChannels).toBe(256)
  })

  it('truncates after a stage and names the stages it knows when asked for another', () => {
    const spec = truncateArchitecture(describeArchitecture('resnet18'), 'layer3')
    expect(spec.stages.map((s) => s.name)).toEqual(['layer1', 'layer2', 'layer3'])
    expect(() => truncateArchitecture(spec, 'layer7')).toThrow(/layer7.*layer1, layer2, layer3/)
  })
})
