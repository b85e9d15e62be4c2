/**
 * The ONNX Runtime backend of ecoc4j: training, evaluation, export and input gradients through the
 * C API of the ONNX Runtime training build ({@code org.bytedeco:onnxruntime}), on CPU or CUDA.
 */
module ecoc4j.backends.ort {
  requires transitive ecoc4j.api;
  requires transitive ecoc4j.backends.onnx;
  requires transitive ecoc4j.training;
  requires com.fasterxml.jackson.databind;
  requires org.bytedeco.javacpp;
  requires org.bytedeco.onnxruntime;

  exports org.ecoc4j.backends.ort;

  provides org.ecoc4j.api.backend.Backend with
      org.ecoc4j.backends.ort.OrtBackend;
}
