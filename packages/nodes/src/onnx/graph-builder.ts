import { OnnxAttributeType, OnnxDataType, onnxModelType } from './onnx-proto'

/** An attribute value: numbers are written as INT when integral unless listed in `floatAttributes`. */
export type AttributeValue = number | number[] | string | { floats: number[] } | { float: number }

type ElemType = keyof typeof OnnxDataType

interface ValueInfo {
  name: string
  type: { tensor_type: { elem_type: number; shape: { dim: ({ dim_value: number } | { dim_param: string })[] } } }
}

/** Opset written into every model; 18 gives Resize its `axes` attribute. */
export const ONNX_OPSET = 18

/**
 * Builds an ONNX graph node by node and serialises it. Each `op` call returns the names of the
 * values it produces, so graphs read like straight-line code; names are made unique automatically.
 */
export class OnnxGraphBuilder {
  private readonly nodes: Record<string, unknown>[] = []
  private readonly initializers: Record<string, unknown>[] = []
  private readonly inputs: ValueInfo[] = []
  private readonly outputs: ValueInfo[] = []
  private counter = 0

  constructor(private readonly name: string) {}

  /** Declares a graph input; string dims are symbolic (e.g. 'batch'). */
  input(name: string, elemType: ElemType, dims: (number | string)[]): string {
    this.inputs.push(valueInfo(name, elemType, dims))
    return name
  }

  /** Declares a graph output produced by an earlier op. */
  output(name: string, elemType: ElemType, dims: (number | string)[]): void {
    this.outputs.push(valueInfo(name, elemType, dims))
  }

  /** Adds a float32 constant tensor (weights, normalisation constants). */
  floatConstant(hint: string, data: Float32Array, dims: number[]): string {
    const name = this.uniqueName(hint)
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    this.initializers.push({ name, dims, data_type: OnnxDataType.FLOAT, raw_data: bytes })
    return name
  }

  /** Adds an int64 constant tensor (shapes, sizes, indices). */
  int64Constant(hint: string, values: number[], dims: number[] = [values.length]): string {
    const name = this.uniqueName(hint)
    const data = BigInt64Array.from(values.map((v) => BigInt(v)))
    this.initializers.push({ name, dims, data_type: OnnxDataType.INT64, raw_data: new Uint8Array(data.buffer) })
    return name
  }

  /** Appends one node and returns the names of its `outputCount` outputs. */
  op(opType: string, inputs: string[], attributes: Record<string, AttributeValue> = {}, outputCount = 1): string[] {
    const outputs = Array.from({ length: outputCount }, () => this.uniqueName(opType.toLowerCase()))
    this.nodes.push({
      op_type: opType,
      name: this.uniqueName(`${opType}_node`),
      input: inputs,
      output: outputs,
      attribute: Object.entries(attributes).map(([key, value]) => encodeAttribute(key, value)),
    })
    return outputs
  }

  /** A single-output op whose output gets a fixed name (graph outputs). */
  namedOp(opType: string, inputs: string[], outputName: string, attributes: Record<string, AttributeValue> = {}): string {
    this.nodes.push({
      op_type: opType,
      name: this.uniqueName(`${opType}_node`),
      input: inputs,
      output: [outputName],
      attribute: Object.entries(attributes).map(([key, value]) => encodeAttribute(key, value)),
    })
    return outputName
  }

  /** Shorthand for a single-output op. */
  op1(opType: string, inputs: string[], attributes: Record<string, AttributeValue> = {}): string {
    return this.op(opType, inputs, attributes)[0] as string
  }

  /** Serialises the model (ModelProto bytes), ready for `InferenceSession.create`. */
  toBytes(): Uint8Array {
    const type = onnxModelType()
    const model = {
      ir_version: 8,
      producer_name: 'inspectflow',
      producer_version: '1',
      opset_import: [{ domain: '', version: ONNX_OPSET }],
      graph: { name: this.name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    }
    return type.encode(type.fromObject(model)).finish()
  }

  private uniqueName(hint: string): string {
    this.counter += 1
    return `${hint}_${this.counter}`
  }
}

function valueInfo(name: string, elemType: ElemType, dims: (number | string)[]): ValueInfo {
  const dim = dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d }))
  return { name, type: { tensor_type: { elem_type: OnnxDataType[elemType], shape: { dim } } } }
}

function encodeAttribute(name: string, value: AttributeValue): Record<string, unknown> {
  if (typeof value === 'string') return { name, type: OnnxAttributeType.STRING, s: new TextEncoder().encode(value) }
  if (Array.isArray(value)) return { name, type: OnnxAttributeType.INTS, ints: value }
  if (typeof value === 'number') return { name, type: OnnxAttributeType.INT, i: value }
  if ('floats' in value) return { name, type: OnnxAttributeType.FLOATS, floats: value.floats }
  return { name, type: OnnxAttributeType.FLOAT, f: value.float }
}
