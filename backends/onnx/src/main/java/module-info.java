/**
 * Pure Java ONNX graphs for ecoc4j: graph building with shape inference, the model zoo,
 * reverse-mode differentiation, losses, and the training artifacts and checkpoints ONNX Runtime's
 * training API loads. No native code.
 */
module ecoc4j.backends.onnx {
  requires transitive ecoc4j.api;
  requires transitive org.tribuo.util.onnx;
  requires transitive com.google.protobuf;
  requires flatbuffers.java;

  exports org.ecoc4j.backends.onnx.graph;
  exports org.ecoc4j.backends.onnx.autodiff;
  exports org.ecoc4j.backends.onnx.zoo;
  exports org.ecoc4j.backends.onnx.training;
  exports org.ecoc4j.backends.onnx.export;
}
