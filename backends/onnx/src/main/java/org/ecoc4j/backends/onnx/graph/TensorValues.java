package org.ecoc4j.backends.onnx.graph;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The values held in an ONNX tensor proto (an initializer or a tensor attribute). */
public final class TensorValues {

  private TensorValues() {}

  /**
   * The values of an int64 or int32 tensor, from its raw (little-endian) data or its typed list.
   */
  public static long[] integers(TensorProto t) {
    boolean wide = t.getDataType() == ElementType.INT64;
    if (!t.getRawData().isEmpty()) {
      ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long[] v = new long[b.remaining() / (wide ? 8 : 4)];
      for (int i = 0; i < v.length; i++) {
        v[i] = wide ? b.getLong() : b.getInt();
      }
      return v;
    }
    return wide
        ? t.getInt64DataList().stream().mapToLong(Long::longValue).toArray()
        : t.getInt32DataList().stream().mapToLong(Integer::longValue).toArray();
  }
}
