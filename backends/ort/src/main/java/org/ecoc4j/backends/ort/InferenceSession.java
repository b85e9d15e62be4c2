package org.ecoc4j.backends.ort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.onnxruntime.OrtRunOptions;
import org.bytedeco.onnxruntime.OrtSession;
import org.bytedeco.onnxruntime.OrtSessionOptions;
import org.bytedeco.onnxruntime.OrtValue;

/**
 * An ONNX Runtime inference session over a model held in memory. Every feed is checked against the
 * model's declared inputs in Java before the native call.
 *
 * <p>This runtime has the training kernels, so a model may use gradient operators (an attack
 * graph does). Close it to free the native session. Not thread-safe.
 */
public final class InferenceSession implements AutoCloseable {

  private final OrtSession session;
  private final GraphSignature signature;
  private boolean closed;

  /**
   * Loads a serialised ONNX model.
   *
   * @throws IllegalArgumentException for bytes that are not an ONNX model
   * @throws OrtException when ONNX Runtime refuses the model
   * @throws UnsupportedOperationException for a device this build cannot use
   */
  public InferenceSession(byte[] model, OrtSettings settings) {
    this(model, settings, SessionRole.INFERENCE);
  }

  /** Loads a serialised ONNX model for a session of {@code role}. */
  InferenceSession(byte[] model, OrtSettings settings, SessionRole role) {
    signature = GraphSignature.of(model);
    OrtRuntime rt = OrtRuntime.get();
    OrtSessionOptions options = SessionOptionsFactory.create(settings, role);
    OrtSession created = new OrtSession();
    try (BytePointer bytes = new BytePointer(model)) {
      rt.check(
          rt.api.CreateSessionFromArray(rt.env, bytes, model.length, options, created),
          "loading a model");
    } finally {
      rt.api.ReleaseSessionOptions(options);
    }
    session = created;
  }

  /**
   * Loads an ONNX model file; ONNX Runtime itself reads any external data its initializers name,
   * from the file's folder (a reference run of a file as its exporter wrote it).
   *
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException for a file that is not an ONNX model
   * @throws OrtException when ONNX Runtime refuses the model
   */
  public static InferenceSession ofFile(Path file, OrtSettings settings) {
    byte[] model;
    try {
      model = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model file " + file + ": " + e.getMessage(), e);
    }
    return new InferenceSession(model, file, settings);
  }

  private InferenceSession(byte[] model, Path file, OrtSettings settings) {
    signature = GraphSignature.of(model);
    OrtRuntime rt = OrtRuntime.get();
    OrtSessionOptions options = SessionOptionsFactory.create(settings, SessionRole.INFERENCE);
    OrtSession created = new OrtSession();
    try (BytePointer path = new BytePointer(file.toAbsolutePath().toString(), "UTF-8")) {
      rt.check(rt.api.CreateSession(rt.env, path, options, created), "loading " + file);
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    } finally {
      rt.api.ReleaseSessionOptions(options);
    }
    session = created;
  }

  /** Declared input names (initializers excluded), in graph order. */
  public List<String> inputNames() {
    return signature.inputNames();
  }

  /** Declared output names, in graph order. */
  public List<String> outputNames() {
    return signature.outputs();
  }

  /**
   * Runs the model.
   *
   * @param feeds one tensor per declared input
   * @param outputs names of the float outputs wanted
   * @return the outputs, in the order asked
   * @throws IllegalArgumentException for missing, extra or mis-shaped feeds, or unknown outputs
   * @throws OrtException when ONNX Runtime fails
   */
  public List<HostTensor> run(Map<String, NativeTensor> feeds, List<String> outputs) {
    if (closed) {
      throw new IllegalStateException("session is closed");
    }
    List<String> inputNames = signature.inputNames();
    signature.checkFeeds(inputNames, feeds);
    signature.checkOutputs(outputs);
    OrtRuntime rt = OrtRuntime.get();
    OrtValue[] values = new OrtValue[inputNames.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = feeds.get(inputNames.get(i)).value();
    }
    try (PointerPointer<BytePointer> inNames = new PointerPointer<>(inputNames.toArray(new String[0]));
        PointerPointer<OrtValue> inValues = new PointerPointer<>(values);
        PointerPointer<BytePointer> outNames = new PointerPointer<>(outputs.toArray(new String[0]));
        PointerPointer<OrtValue> outValues = nulls(outputs.size())) {
      rt.check(
          rt.api.Run(
              session,
              (OrtRunOptions) null,
              inNames,
              inValues,
              values.length,
              outNames,
              outputs.size(),
              outValues),
          "running the model");
      return collect(outValues, outputs);
    }
  }

  /** A pointer array of {@code n} null entries, as ONNX Runtime expects for outputs. */
  static PointerPointer<OrtValue> nulls(int n) {
    PointerPointer<OrtValue> p = new PointerPointer<>(n);
    for (int i = 0; i < n; i++) {
      p.put(i, (Pointer) null);
    }
    return p;
  }

  /** Reads and releases the output values. */
  static List<HostTensor> collect(PointerPointer<OrtValue> outValues, List<String> names) {
    List<HostTensor> result = new ArrayList<>();
    OutputValues.readAndRelease(
        outValues, names, (name, v) -> result.add(ValueReader.floats(v, name)));
    return result;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      OrtRuntime.get().api.ReleaseSession(session);
    }
  }
}
