package org.ecoc4j.backends.onnx.training;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ecoc4j.backends.onnx.graph.ElementType;

/**
 * Writes the checkpoint flatbuffer ONNX Runtime's training API loads (file identifier
 * {@value CheckpointFormat#IDENTIFIER}, version {@value CheckpointFormat#VERSION}): the module
 * state with trainable and frozen parameters, and no optimizer state (AdamW moments then start at
 * zero).
 */
public final class CheckpointWriter {

  private CheckpointWriter() {}

  /**
   * The checkpoint bytes.
   *
   * @param trainable parameters the optimizer updates
   * @param frozen parameters that stay fixed
   * @throws IllegalArgumentException for a name used twice or a non-finite value
   */
  public static byte[] write(List<NamedTensor> trainable, List<NamedTensor> frozen) {
    Set<String> seen = new HashSet<>();
    for (List<NamedTensor> group : List.of(trainable, frozen)) {
      for (NamedTensor t : group) {
        if (!seen.add(t.name())) {
          throw new IllegalArgumentException("parameter '" + t.name() + "' appears twice");
        }
        float[] v = t.values();
        for (int i = 0; i < v.length; i++) {
          if (!Float.isFinite(v[i])) {
            throw new IllegalArgumentException(
                "parameter '" + t.name() + "' holds " + v[i] + " at " + i);
          }
        }
      }
    }
    FlatBufferBuilder b = new FlatBufferBuilder(1024);
    int requires = b.createVectorOfTables(tensors(b, trainable));
    int fixed = b.createVectorOfTables(tensors(b, frozen));
    b.startTable(4);
    b.addOffset(CheckpointFormat.MODULE_REQUIRES_GRAD, requires, 0);
    b.addOffset(CheckpointFormat.MODULE_FROZEN, fixed, 0);
    b.addBoolean(CheckpointFormat.MODULE_IS_NOMINAL, false, false);
    b.addBoolean(CheckpointFormat.MODULE_HAS_EXTERNAL_DATA, false, false);
    int module = b.endTable();
    b.startTable(4);
    b.addInt(CheckpointFormat.CHECKPOINT_VERSION, CheckpointFormat.VERSION, 0);
    b.addOffset(CheckpointFormat.CHECKPOINT_MODULE_STATE, module, 0);
    int root = b.endTable();
    b.finish(root, CheckpointFormat.IDENTIFIER);
    return b.sizedByteArray();
  }

  private static int[] tensors(FlatBufferBuilder b, List<NamedTensor> list) {
    int[] offsets = new int[list.size()];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = tensor(b, list.get(i));
    }
    return offsets;
  }

  private static int tensor(FlatBufferBuilder b, NamedTensor t) {
    int name = b.createString(t.name());
    long[] dims = t.dims();
    b.startVector(8, dims.length, 8);
    for (int i = dims.length - 1; i >= 0; i--) {
      b.addLong(dims[i]);
    }
    int dimsVector = b.endVector();
    float[] values = t.values();
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    int data = b.createByteVector(raw.array());
    b.startTable(7);
    b.addOffset(CheckpointFormat.TENSOR_NAME, name, 0);
    b.addOffset(CheckpointFormat.TENSOR_DIMS, dimsVector, 0);
    b.addInt(CheckpointFormat.TENSOR_DATA_TYPE, ElementType.FLOAT, 0);
    b.addOffset(CheckpointFormat.TENSOR_RAW_DATA, data, 0);
    b.addLong(CheckpointFormat.TENSOR_EXTERNAL_OFFSET, -1L, 0L);
    return b.endTable();
  }
}
