package org.ecoc4j.backends.onnx.training;

import com.google.flatbuffers.Table;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.backends.onnx.graph.ElementType;

/**
 * Reads the parameters of an ONNX Runtime training checkpoint (the format
 * {@link CheckpointWriter} writes, and ONNX Runtime's {@code SaveCheckpoint} produces). Optimizer
 * state and properties are skipped; external data is refused.
 */
public final class CheckpointReader {

  private CheckpointReader() {}

  /**
   * Parses checkpoint bytes.
   *
   * @throws IllegalArgumentException for a file that is not a version-2 ONNX Runtime checkpoint,
   *     is truncated or corrupt, or holds non-float or external tensors
   */
  public static Checkpoint read(byte[] bytes) {
    if (bytes.length < 8) {
      throw new IllegalArgumentException("not a checkpoint: only " + bytes.length + " bytes");
    }
    String id = new String(bytes, 4, 4, StandardCharsets.US_ASCII);
    if (!id.equals(CheckpointFormat.IDENTIFIER)) {
      throw new IllegalArgumentException(
          "not an ONNX Runtime checkpoint: identifier '" + id + "', expected '"
              + CheckpointFormat.IDENTIFIER + "'");
    }
    ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    try {
      Node root = new Node(bb.getInt(0), bb);
      int version = root.intField(CheckpointFormat.CHECKPOINT_VERSION, 0);
      if (version != CheckpointFormat.VERSION) {
        throw new IllegalArgumentException(
            "checkpoint version " + version + ", expected " + CheckpointFormat.VERSION);
      }
      Node module = root.table(CheckpointFormat.CHECKPOINT_MODULE_STATE);
      if (module == null) {
        throw new IllegalArgumentException("checkpoint has no module state");
      }
      if (module.boolField(CheckpointFormat.MODULE_HAS_EXTERNAL_DATA)) {
        throw new IllegalArgumentException("checkpoints with external data are not supported");
      }
      return new Checkpoint(
          tensors(module, CheckpointFormat.MODULE_REQUIRES_GRAD),
          tensors(module, CheckpointFormat.MODULE_FROZEN));
    } catch (IndexOutOfBoundsException | BufferUnderflowException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("corrupt checkpoint: " + e.getMessage(), e);
    }
  }

  private static List<NamedTensor> tensors(Node module, int slot) {
    List<NamedTensor> out = new ArrayList<>();
    for (Node t : module.tables(slot)) {
      String name = t.string(CheckpointFormat.TENSOR_NAME);
      if (name == null) {
        throw new IllegalArgumentException("checkpoint tensor without a name");
      }
      int type = t.intField(CheckpointFormat.TENSOR_DATA_TYPE, 0);
      if (type != ElementType.FLOAT) {
        throw new IllegalArgumentException(
            "parameter '" + name + "' is " + ElementType.name(type) + ", only float is supported");
      }
      long[] dims = t.longs(CheckpointFormat.TENSOR_DIMS);
      byte[] raw = t.bytes(CheckpointFormat.TENSOR_RAW_DATA);
      if (raw.length % 4 != 0) {
        throw new IllegalArgumentException("parameter '" + name + "' has " + raw.length + " bytes");
      }
      float[] values = new float[raw.length / 4];
      ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      out.add(new NamedTensor(name, dims, values));
    }
    return out;
  }

  /** A flatbuffer table addressed by field slot. */
  private static final class Node extends Table {

    Node(int position, ByteBuffer bb) {
      if (position < 0 || position >= bb.limit()) {
        throw new IndexOutOfBoundsException("table at " + position + " outside " + bb.limit());
      }
      __reset(position, bb);
    }

    private int offset(int slot) {
      return __offset(4 + 2 * slot);
    }

    int intField(int slot, int fallback) {
      int o = offset(slot);
      return o == 0 ? fallback : bb.getInt(bb_pos + o);
    }

    boolean boolField(int slot) {
      int o = offset(slot);
      return o != 0 && bb.get(bb_pos + o) != 0;
    }

    String string(int slot) {
      int o = offset(slot);
      return o == 0 ? null : __string(bb_pos + o);
    }

    Node table(int slot) {
      int o = offset(slot);
      return o == 0 ? null : new Node(__indirect(bb_pos + o), bb);
    }

    /** Length of the vector at field offset {@code o}, checked against the buffer's size. */
    private int length(int o, int elementSize) {
      int n = __vector_len(o);
      int start = __vector(o);
      if (n < 0 || start < 0 || (long) start + (long) n * elementSize > bb.limit()) {
        throw new IndexOutOfBoundsException(
            "vector of " + n + " elements at " + start + " outside " + bb.limit() + " bytes");
      }
      return n;
    }

    List<Node> tables(int slot) {
      List<Node> out = new ArrayList<>();
      int o = offset(slot);
      if (o != 0) {
        int n = length(o, 4);
        int start = __vector(o);
        for (int i = 0; i < n; i++) {
          out.add(new Node(__indirect(start + 4 * i), bb));
        }
      }
      return out;
    }

    long[] longs(int slot) {
      int o = offset(slot);
      if (o == 0) {
        return new long[0];
      }
      long[] out = new long[length(o, 8)];
      int start = __vector(o);
      for (int i = 0; i < out.length; i++) {
        out[i] = bb.getLong(start + 8 * i);
      }
      return out;
    }

    byte[] bytes(int slot) {
      int o = offset(slot);
      if (o == 0) {
        return new byte[0];
      }
      byte[] out = new byte[length(o, 1)];
      int start = __vector(o);
      for (int i = 0; i < out.length; i++) {
        out[i] = bb.get(start + i);
      }
      return out;
    }
  }
}
