package org.ecoc4j.backends.onnx.graph;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.Locale;

/** The ONNX element types ecoc4j graphs use, as their ONNX enum numbers. */
public final class ElementType {

  /** 32-bit float. */
  public static final int FLOAT = DataType.FLOAT_VALUE;
  /** 64-bit float. */
  public static final int DOUBLE = DataType.DOUBLE_VALUE;
  /** 32-bit signed integer. */
  public static final int INT32 = DataType.INT32_VALUE;
  /** 64-bit signed integer. */
  public static final int INT64 = DataType.INT64_VALUE;
  /** Boolean. */
  public static final int BOOL = DataType.BOOL_VALUE;

  private ElementType() {}

  /** Readable name of an element type number, e.g. {@code float}. */
  public static String name(int type) {
    DataType known = DataType.forNumber(type);
    return known == null ? "type" + type : known.name().toLowerCase(Locale.ROOT);
  }
}
