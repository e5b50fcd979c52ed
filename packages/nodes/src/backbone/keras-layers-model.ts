import { readFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * Reading a TensorFlow.js "layers-model" directory (model.json + binary shards) without tfjs: the
 * JSON gives the layer configs and a weights manifest, and the shards are the float32 values of the
 * manifest's weights, concatenated in order.
 */

/** One layer of the Keras model config. */
export interface KerasLayer {
  className: string
  name: string
  config: Record<string, unknown>
}

/** A parsed layers-model: layer configs by name and every weight by its manifest name. */
export interface KerasLayersModel {
  layers: Map<string, KerasLayer>
  weights: Map<string, { shape: number[]; data: Float32Array }>
}

interface ManifestGroup {
  paths: string[]
  weights: { name: string; shape: number[]; dtype: string }[]
}

interface ModelJson {
  modelTopology: { model_config?: { config: { layers: { class_name: string; name: string; config: Record<string, unknown> }[] } } }
  weightsManifest: ManifestGroup[]
}

async function readGroup(directory: string, group: ManifestGroup, into: KerasLayersModel['weights']): Promise<void> {
  const shards = await Promise.all(group.paths.map((p) => readFile(path.join(directory, p))))
  const bytes = Buffer.concat(shards)
  let offset = 0
  for (const weight of group.weights) {
    if (weight.dtype !== 'float32') throw new Error(`${directory}: weight ${weight.name} is ${weight.dtype}, only float32 is supported`)
    const count = weight.shape.reduce((a, b) => a * b, 1)
    if (offset + count * 4 > bytes.length) throw new Error(`${directory}: shards end before weight ${weight.name}`)
    const data = new Float32Array(count)
    new Uint8Array(data.buffer).set(bytes.subarray(offset, offset + count * 4))
    into.set(weight.name, { shape: weight.shape, data })
    offset += count * 4
  }
}

/** Reads `model.json` and all weight shards of a tfjs layers-model directory. */
export async function readKerasLayersModel(directory: string): Promise<KerasLayersModel> {
  const json = JSON.parse(await readFile(path.join(directory, 'model.json'), 'utf8')) as ModelJson
  const layerList = json.modelTopology.model_config?.config.layers
  if (!layerList) throw new Error(`${directory}/model.json: no modelTopology.model_config.config.layers`)
  const layers = new Map(layerList.map((l) => [l.name, { className: l.class_name, name: l.name, config: l.config }]))
  const weights: KerasLayersModel['weights'] = new Map()
  for (const group of json.weightsManifest) await readGroup(directory, group, weights)
  return { layers, weights }
}
