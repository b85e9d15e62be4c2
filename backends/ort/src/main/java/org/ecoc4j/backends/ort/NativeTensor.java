package org.ecoc4j.backends.ort;

import java.util.Arrays;
import org.bytedeco.javacpp.BoolPointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.onnxruntime.OrtValue;
import org.ecoc4j.backends.onnx.graph.ElementType;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * A tensor in native memory that ONNX Runtime reads as an input. Its contents can be overwritten
 * in place ({@link #copyFrom(float[])}), so a training loop allocates its inputs once.
 *
 * <p>Shapes and lengths are checked in Java at creation. Close it to free the native memory;
 * closing twice is harmless, using it afterwards is an {@link IllegalStateException}. Not
 * thread-safe.
 */
public final class NativeTensor implements AutoCloseable {

  private final OrtValue value;
  private final Pointer data;
  private final TensorInfo info;
  private final int length;
  private boolean closed;

  private NativeTensor(Pointer data, int elementType, long[] dims, long bytes, int length) {
    OrtRuntime rt = OrtRuntime.get();
    this.data = data;
    this.info = new TensorInfo(elementType, dims);
    this.length = length;
    OrtValue created = new OrtValue();
    try {
      rt.check(
          rt.api.CreateTensorWithDataAsOrtValue(
              rt.cpuMemory, data, bytes, dims, dims.length, elementType, created),
          "creating a " + info + " tensor");
    } catch (RuntimeException e) {
      data.close();
      throw e;
    }
    this.value = created;
  }

  /**
   * A float tensor holding a copy of {@code values}.
   *
   * @throws IllegalArgumentException when the values do not fill the dimensions
   */
  public static NativeTensor floats(float[] values, long... dims) {
    int n = count(values.length, dims);
    FloatPointer p = new FloatPointer(Math.max(n, 1));
    p.put(values, 0, n);
    return new NativeTensor(p, ElementType.FLOAT, dims, 4L * n, n);
  }

  /**
   * An int64 tensor holding a copy of {@code values}.
   *
   * @throws IllegalArgumentException when the values do not fill the dimensions
   */
  public static NativeTensor longs(long[] values, long... dims) {
    int n = count(values.length, dims);
    LongPointer p = new LongPointer(Math.max(n, 1));
    p.put(values, 0, n);
    return new NativeTensor(p, ElementType.INT64, dims, 8L * n, n);
  }

  /**
   * A boolean tensor holding a copy of {@code values}.
   *
   * @throws IllegalArgumentException when the values do not fill the dimensions
   */
  public static NativeTensor bools(boolean[] values, long... dims) {
    int n = count(values.length, dims);
    BoolPointer p = new BoolPointer(Math.max(n, 1));
    for (int i = 0; i < n; i++) {
      p.put(i, values[i]);
    }
    return new NativeTensor(p, ElementType.BOOL, dims, n, n);
  }

  private static int count(int length, long[] dims) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
      }
      n = Math.multiplyExact(n, d);
    }
    if (n != length) {
      throw new IllegalArgumentException(
          "dimensions " + Arrays.toString(dims) + " hold " + n + " values, got " + length);
    }
    return length;
  }

  /** Element type and dimensions. */
  public TensorInfo info() {
    return info;
  }

  /**
   * Overwrites the contents with {@code values}.
   *
   * @throws IllegalArgumentException for a length other than the tensor's or a non-float tensor
   */
  public void copyFrom(float[] values) {
    requireOpen();
    if (info.elementType() != ElementType.FLOAT || values.length != length) {
      throw new IllegalArgumentException(
          "cannot write " + values.length + " floats into " + info);
    }
    ((FloatPointer) data).put(values, 0, length);
  }

  /**
   * Overwrites the contents with {@code values}.
   *
   * @throws IllegalArgumentException for a length other than the tensor's or a non-int64 tensor
   */
  public void copyFrom(long[] values) {
    requireOpen();
    if (info.elementType() != ElementType.INT64 || values.length != length) {
      throw new IllegalArgumentException("cannot write " + values.length + " longs into " + info);
    }
    ((LongPointer) data).put(values, 0, length);
  }

  OrtValue value() {
    requireOpen();
    return value;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("tensor " + info + " is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      OrtRuntime.get().api.ReleaseValue(value);
      data.close();
    }
  }
}
