export {
  exportToOnnx,
  linearChain,
  BATCH_DIM,
  ONNX_IR_VERSION,
  ONNX_ML_OPSET,
  ONNX_OPSET,
  PRODUCER_NAME,
  PRODUCER_VERSION,
  RESERVED_METADATA_KEYS,
  type ExportOptions,
  type OnnxElementType,
  type OnnxExportResult,
  type OnnxTask,
  type OnnxTensorInfo,
} from './export.ts';
export { OnnxExportError, isOnnxExportError, type OnnxExportErrorCode, type OnnxExportErrorDetails } from './errors.ts';
export {
  preprocessingWidth,
  validatePreprocessing,
  type CategoricalColumnSpec,
  type ColumnSpec,
  type NumericColumnSpec,
  type PreprocessingGraph,
} from './preprocessing.ts';
export { SUPPORTED_LAYERS } from './layers.ts';
export {
  DataType,
  decodeModel,
  encodeModel,
  tensorValues,
  type AttributeProto,
  type Dim,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type OperatorSetId,
  type StringStringEntry,
  type TensorProto,
  type ValueInfoProto,
} from './onnx-proto.ts';
export type { LayerLike, LayersModelLike, TensorLike } from './tfjs-types.ts';
