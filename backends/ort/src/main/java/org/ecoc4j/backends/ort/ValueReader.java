package org.ecoc4j.backends.ort;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.onnxruntime.OrtTensorTypeAndShapeInfo;
import org.bytedeco.onnxruntime.OrtValue;
import org.ecoc4j.backends.onnx.graph.ElementType;

/** Copies float tensors that ONNX Runtime returned into Java arrays, checking type and shape. */
final class ValueReader {

  private ValueReader() {}

  /**
   * Reads a float tensor output.
   *
   * @param name the output's name, for messages
   * @throws OrtException when the value is not a float tensor
   */
  static HostTensor floats(OrtValue value, String name) {
    OrtRuntime rt = OrtRuntime.get();
    if (value == null || value.isNull()) {
      throw new OrtException(0, "ONNX Runtime returned no value for output '" + name + "'");
    }
    int[] isTensor = new int[1];
    rt.check(rt.api.IsTensor(value, isTensor), "inspecting output '" + name + "'");
    if (isTensor[0] == 0) {
      throw new OrtException(0, "output '" + name + "' is not a tensor");
    }
    OrtTensorTypeAndShapeInfo info = new OrtTensorTypeAndShapeInfo();
    rt.check(rt.api.GetTensorTypeAndShape(value, info), "reading the shape of '" + name + "'");
    try {
      int[] type = new int[1];
      rt.check(rt.api.GetTensorElementType(info, type), "reading the type of '" + name + "'");
      if (type[0] != ElementType.FLOAT) {
        throw new OrtException(
            0, "output '" + name + "' is " + ElementType.name(type[0]) + ", expected float");
      }
      try (SizeTPointer rank = new SizeTPointer(1)) {
        rt.check(rt.api.GetDimensionsCount(info, rank), "reading the rank of '" + name + "'");
        long[] dims = new long[(int) rank.get()];
        rt.check(rt.api.GetDimensions(info, dims, dims.length), "reading dims of '" + name + "'");
        long count = 1;
        for (long d : dims) {
          count = Math.multiplyExact(count, d);
        }
        float[] values = new float[Math.toIntExact(count)];
        if (count > 0) {
          try (PointerPointer<FloatPointer> data = new PointerPointer<>(1)) {
            rt.check(rt.api.GetTensorMutableData(value, data), "reading '" + name + "'");
            new FloatPointer(data.get(0)).capacity(count).get(values);
          }
        }
        return new HostTensor(dims, values);
      }
    } finally {
      rt.api.ReleaseTensorTypeAndShapeInfo(info);
    }
  }
}
