import protobuf from 'protobufjs'

/**
 * The subset of onnx.proto (ONNX IR) that InspectFlow writes: a model with one graph of nodes,
 * initializers and typed inputs/outputs. Field numbers follow the official schema so that any ONNX
 * reader (onnxruntime, Netron, Python `onnx`) decodes the bytes. Written here, rather than pulled from
 * a package, because the few messages we need are small and stable.
 */
const ONNX_SUBSET = `
syntax = "proto3";
package onnx;

message AttributeProto {
  string name = 1;
  float f = 2;
  int64 i = 3;
  bytes s = 4;
  TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  int32 type = 20;
}

message ValueInfoProto {
  string name = 1;
  TypeProto type = 2;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  repeated AttributeProto attribute = 5;
  string domain = 7;
}

message ModelProto {
  int64 ir_version = 1;
  string producer_name = 2;
  string producer_version = 3;
  GraphProto graph = 7;
  repeated OperatorSetIdProto opset_import = 8;
}

message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}

message TensorProto {
  repeated int64 dims = 1;
  int32 data_type = 2;
  string name = 8;
  bytes raw_data = 9;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    int32 elem_type = 1;
    TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
}

message OperatorSetIdProto {
  string domain = 1;
  int64 version = 2;
}
`

/** ONNX TensorProto.DataType codes used here. */
export const OnnxDataType = { FLOAT: 1, UINT8: 2, INT64: 7 } as const

/** ONNX AttributeProto.AttributeType codes used here. */
export const OnnxAttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const

let modelType: protobuf.Type | undefined

/** The ModelProto message type, parsed once (pure and immutable, so a lazy module constant is safe). */
export function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_SUBSET, { keepCase: true }).root.lookupType('onnx.ModelProto')
  return modelType
}
