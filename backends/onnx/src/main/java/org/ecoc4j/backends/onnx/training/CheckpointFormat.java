package org.ecoc4j.backends.onnx.training;

/**
 * Field slots of ONNX Runtime's checkpoint flatbuffer schema (ort_training_checkpoint.fbs) that
 * ecoc4j reads and writes.
 */
final class CheckpointFormat {

  /** File identifier. */
  static final String IDENTIFIER = "ODTC";
  /** The only checkpoint version ONNX Runtime 1.24 accepts. */
  static final int VERSION = 2;

  static final int CHECKPOINT_VERSION = 0;
  static final int CHECKPOINT_MODULE_STATE = 1;

  static final int MODULE_REQUIRES_GRAD = 0;
  static final int MODULE_FROZEN = 1;
  static final int MODULE_IS_NOMINAL = 2;
  static final int MODULE_HAS_EXTERNAL_DATA = 3;

  static final int TENSOR_NAME = 0;
  static final int TENSOR_DIMS = 2;
  static final int TENSOR_DATA_TYPE = 3;
  static final int TENSOR_RAW_DATA = 4;
  static final int TENSOR_EXTERNAL_OFFSET = 6;

  private CheckpointFormat() {}
}
