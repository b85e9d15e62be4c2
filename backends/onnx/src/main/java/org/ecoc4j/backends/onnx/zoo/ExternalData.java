package org.ecoc4j.backends.onnx.zoo;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads the values of initializers an exporter stored outside the graph (ONNX external data: a
 * {@code location} relative to the model file, an {@code offset} and a {@code length} in bytes,
 * as PyTorch's torch.export-based exporter writes its {@code .onnx.data} file).
 *
 * <p>Only files in the model's own folder are read: a location that is absolute, contains {@code
 * ..}, or resolves (through links) outside that folder is refused, so a model file cannot make
 * ecoc4j read other files. A file shorter than {@code offset + length} or a length that does not
 * fill the tensor's dimensions is an error naming the initializer and the file.
 */
final class ExternalData {

  private final Path folder;

  /**
   * @param folder the folder of the model file, or {@code null} when the model was given as
   *     bytes (then any external tensor is refused, asking for the file instead)
   */
  ExternalData(Path folder) {
    this.folder = folder;
  }

  /** Whether {@code t} keeps its values outside the graph. */
  static boolean isExternal(TensorProto t) {
    return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
  }

  /**
   * {@code t} with its values read into {@code raw_data}; {@code t} itself when it is stored in
   * the graph.
   *
   * @throws IllegalArgumentException for a location outside the model's folder, a missing or
   *     short file, or a length that does not match the dimensions
   * @throws UncheckedIOException when the file cannot be read
   */
  TensorProto resolve(TensorProto t) {
    if (!isExternal(t)) {
      return t;
    }
    String location = null;
    long offset = 0;
    long length = -1;
    for (StringStringEntryProto e : t.getExternalDataList()) {
      switch (e.getKey()) {
        case "location" -> location = e.getValue();
        case "offset" -> offset = number(t, e);
        case "length" -> length = number(t, e);
        default -> { } // checksum and basepath are not needed to read the values
      }
    }
    String what = "initializer '" + t.getName() + "'";
    if (location == null || location.isEmpty()) {
      throw new IllegalArgumentException(what + " is stored externally but names no location");
    }
    if (folder == null) {
      throw new IllegalArgumentException(
          what + " keeps its values in the external file '" + location + "': import the model"
              + " from its file (the external data is read from the file's folder)");
    }
    Path file = inFolder(what, location);
    long expected = expectedBytes(t);
    if (length < 0) {
      length = expected;
    }
    if (length != expected) {
      throw new IllegalArgumentException(
          what + " of " + Arrays.toString(t.getDimsList().toArray()) + " needs " + expected
              + " bytes, its external data in '" + location + "' declares " + length);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (offset < 0 || offset + length > size) {
        throw new IllegalArgumentException(
            what + " needs bytes " + offset + " to " + (offset + length) + " of '" + location
                + "', which holds " + size + " bytes (an incomplete or wrong .onnx.data file)");
      }
      ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(length));
      while (bytes.hasRemaining()) {
        if (channel.read(bytes, offset + bytes.position()) < 0) {
          throw new IllegalArgumentException(what + ": '" + location + "' ended early");
        }
      }
      bytes.flip();
      return t.toBuilder()
          .clearExternalData()
          .setDataLocation(TensorProto.DataLocation.DEFAULT)
          .setRawData(ByteString.copyFrom(bytes))
          .build();
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          what + " keeps its values in '" + location + "', which is not in " + folder, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read '" + location + "' for " + what, e);
    }
  }

  /** The file {@code location} names, refused unless it lies in the model's folder. */
  private Path inFolder(String what, String location) {
    Path relative = Path.of(location);
    boolean parent = false;
    for (Path part : relative) {
      parent |= part.toString().equals("..");
    }
    if (relative.isAbsolute() || location.startsWith("/") || location.startsWith("\\")
        || parent || location.contains("\\")) {
      throw new IllegalArgumentException(
          what + " names the external data location '" + location + "': only a file in the"
              + " model's own folder is read (no absolute path, no '..')");
    }
    Path file = folder.resolve(relative).normalize();
    try {
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
          && !file.toRealPath().startsWith(folder.toRealPath())) {
        throw new IllegalArgumentException(
            what + " names the external data location '" + location + "', which links outside"
                + " the model's folder " + folder);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot resolve '" + location + "' for " + what, e);
    }
    return file;
  }

  private static long number(TensorProto t, StringStringEntryProto e) {
    try {
      return Long.parseLong(e.getValue());
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException(
          "initializer '" + t.getName() + "': external data " + e.getKey() + " '" + e.getValue()
              + "' is not a number", ex);
    }
  }

  /** The bytes a tensor of its type and dimensions takes. */
  private static long expectedBytes(TensorProto t) {
    long count = 1;
    for (long d : t.getDimsList()) {
      count = Math.multiplyExact(count, d);
    }
    int width =
        switch (t.getDataType()) {
          case TensorProto.DataType.DOUBLE_VALUE, TensorProto.DataType.INT64_VALUE -> 8;
          case TensorProto.DataType.FLOAT_VALUE, TensorProto.DataType.INT32_VALUE -> 4;
          default -> throw new IllegalArgumentException(
              "initializer '" + t.getName() + "' is stored externally as type "
                  + t.getDataType() + "; only float, int64 and int32 are read");
        };
    return Math.multiplyExact(count, width);
  }
}
