package org.ecoc4j.backends.ort;

import static org.bytedeco.onnxruntime.global.onnxruntime.OrtIntProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.onnxruntime.OrtCheckpointState;
import org.bytedeco.onnxruntime.OrtRunOptions;
import org.bytedeco.onnxruntime.OrtSessionOptions;
import org.bytedeco.onnxruntime.OrtTrainingSession;
import org.bytedeco.onnxruntime.OrtValue;
import org.ecoc4j.backends.onnx.training.Checkpoint;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;

/**
 * An ONNX Runtime training session over {@link TrainingArtifacts}: train steps, optimizer steps,
 * evaluation, checkpoints and export of the inference model.
 *
 * <p>Feeds are checked in Java against the training and eval models' declared inputs before each
 * native call. Close it to free the session and its checkpoint state. Not thread-safe.
 */
public final class TrainingSession implements AutoCloseable {

  private static final String ACCUMULATION_BUFFER = "_grad.accumulation.buffer";
  private static final List<String> EVAL_INPUTS = List.of(TrainingArtifacts.IMAGES);

  private final BytePointer trainingModel;
  private final BytePointer evalModel;
  private final BytePointer optimizerModel;
  private final OrtCheckpointState state;
  private final OrtTrainingSession session;
  private final GraphSignature trainSignature;
  private final GraphSignature evalSignature;
  private final List<String> trainInputs;
  private final List<String> dropoutNoise;
  private final TrainingArtifacts artifacts;
  private final List<String> trainOutputs;
  private final List<String> evalOutputs;
  private boolean closed;

  /**
   * Creates the session from artifacts and a checkpoint (the artifacts' own, or a saved one).
   *
   * @throws IllegalArgumentException for a checkpoint that is not one, or a training model whose
   *     step inputs are not the images, the labels, the step mixing when the artifacts have one
   *     and the artifacts' dropout noise, in that order
   * @throws OrtException when ONNX Runtime refuses the models or the checkpoint
   * @throws UnsupportedOperationException for a device this build cannot use, or a conv layout
   *     that cannot run on the device ({@link ConvLayout#requireAvailable})
   */
  public TrainingSession(TrainingArtifacts artifacts, byte[] checkpoint, OrtSettings settings) {
    CheckpointReader.read(checkpoint);
    trainSignature = GraphSignature.of(artifacts.trainingModel());
    evalSignature = GraphSignature.of(artifacts.evalModel());
    dropoutNoise = artifacts.dropoutNoise();
    this.artifacts = artifacts;
    trainInputs = stepInputs(artifacts);
    OrtRuntime rt = OrtRuntime.get();
    OrtSessionOptions options = SessionOptionsFactory.create(settings, SessionRole.TRAINING);
    OrtCheckpointState loaded = new OrtCheckpointState();
    OrtTrainingSession created = new OrtTrainingSession();
    // ONNX Runtime keeps views of the model buffers (export re-reads the eval model): they live
    // as long as the session.
    byte[] trainingBytes =
        settings.convLayout().trainingModel(artifacts.trainingModel(), settings.device());
    BytePointer train = new BytePointer(trainingBytes);
    BytePointer eval = new BytePointer(artifacts.evalModel());
    BytePointer optimizer = new BytePointer(artifacts.optimizerModel());
    try (BytePointer ckpt = new BytePointer(checkpoint)) {
      rt.check(
          rt.training.LoadCheckpointFromBuffer(ckpt, checkpoint.length, loaded),
          "loading the checkpoint");
      try {
        rt.check(
            rt.training.CreateTrainingSessionFromBuffer(
                rt.env,
                options,
                loaded,
                train,
                trainingBytes.length,
                eval,
                artifacts.evalModel().length,
                optimizer,
                artifacts.optimizerModel().length,
                created),
            "creating the training session");
      } catch (RuntimeException e) {
        rt.training.ReleaseCheckpointState(loaded);
        throw e;
      }
    } catch (RuntimeException e) {
      train.close();
      eval.close();
      optimizer.close();
      throw e;
    } finally {
      rt.api.ReleaseSessionOptions(options);
    }
    trainingModel = train;
    evalModel = eval;
    optimizerModel = optimizer;
    state = loaded;
    session = created;
    try {
      trainOutputs = outputNames(true);
      evalOutputs = outputNames(false);
      if (!trainOutputs.containsAll(List.of(TrainingArtifacts.LOSS, TrainingArtifacts.SCORES))
          || !evalOutputs.contains(TrainingArtifacts.SCORES)) {
        throw new IllegalArgumentException(
            "training model must output " + TrainingArtifacts.LOSS + " and "
                + TrainingArtifacts.SCORES + ", eval model " + TrainingArtifacts.SCORES
                + "; they output " + trainOutputs + " and " + evalOutputs);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * The inputs a training step is fed, in graph order (ONNX Runtime binds the others: parameters,
   * accumulation buffers and the reset flag), checked against the artifacts' description.
   */
  private List<String> stepInputs(TrainingArtifacts artifacts) {
    List<String> declared = new ArrayList<>();
    declared.add(TrainingArtifacts.IMAGES);
    declared.add(TrainingArtifacts.LABELS);
    artifacts.stepMixing().ifPresent(m -> declared.add(GraphBuilder.STEP_MIXING));
    declared.addAll(artifacts.dropoutNoise());
    Set<String> parameters = new HashSet<>();
    artifacts.parameters().forEach(p -> parameters.add(p.name()));
    List<String> fed = new ArrayList<>();
    for (String name : trainSignature.inputNames()) {
      if (!parameters.contains(name)
          && !name.endsWith(ACCUMULATION_BUFFER)
          && !name.equals(TrainingArtifacts.LAZY_RESET_GRAD)) {
        fed.add(name);
      }
    }
    if (!fed.equals(declared)) {
      throw new IllegalArgumentException(
          "training model takes step inputs " + fed + ", the artifacts declare " + declared);
    }
    return List.copyOf(declared);
  }

  private List<String> outputNames(boolean training) {
    OrtRuntime rt = OrtRuntime.get();
    List<String> names = new ArrayList<>();
    try (SizeTPointer count = new SizeTPointer(1)) {
      rt.check(
          training
              ? rt.training.TrainingSessionGetTrainingModelOutputCount(session, count)
              : rt.training.TrainingSessionGetEvalModelOutputCount(session, count),
          "counting outputs");
      for (long i = 0; i < count.get(); i++) {
        try (PointerPointer<BytePointer> name = new PointerPointer<>(1)) {
          rt.check(
              training
                  ? rt.training.TrainingSessionGetTrainingModelOutputName(
                      session, i, rt.allocator, name)
                  : rt.training.TrainingSessionGetEvalModelOutputName(
                      session, i, rt.allocator, name),
              "reading an output name");
          BytePointer text = new BytePointer(name.get(0));
          names.add(text.getString());
          rt.check(rt.api.AllocatorFree(rt.allocator, text), "freeing an output name");
        }
      }
    }
    return List.copyOf(names);
  }

  /** Outputs of one training step. */
  public record StepResult(float loss, HostTensor scores) {}

  /**
   * Tensors for the training model's dropout noise inputs (none for a model without dropout): draw
   * them before each step and pass them to {@link #trainStep}. Close them.
   */
  public DropoutNoise dropoutNoise() {
    requireOpen();
    return new DropoutNoise(trainSignature, dropoutNoise);
  }

  /**
   * Runs forward and backward on one batch, accumulating gradients and updating the frozen
   * statistics (batch-normalization running mean and variance).
   *
   * @param images float [B, C, H, W] with the artifacts' batch size
   * @param labels int64 [B]
   * @param noise this step's dropout noise, drawn into tensors from {@link #dropoutNoise()}
   * @throws IllegalArgumentException for mis-shaped or mistyped inputs, or noise for other inputs
   *     (from another session)
   */
  public StepResult trainStep(NativeTensor images, NativeTensor labels, DropoutNoise noise) {
    return trainStep(images, labels, StepMixingInput.NONE, noise);
  }

  /**
   * The tensor for the training model's step mixing (empty for a model without one): draw it
   * before each step and pass it to {@link #trainStep(NativeTensor, NativeTensor,
   * StepMixingInput, DropoutNoise)}. Close it.
   */
  public StepMixingInput stepMixing() {
    requireOpen();
    return new StepMixingInput(artifacts.stepMixing());
  }

  /**
   * As {@link #trainStep(NativeTensor, NativeTensor, DropoutNoise)} for a training model that
   * reads a mixing drawn per step: {@code mixing} holds this step's matrix, drawn into the tensor
   * from {@link #stepMixing()}.
   *
   * @throws IllegalArgumentException for mis-shaped or mistyped inputs, or a missing step mixing
   */
  public StepResult trainStep(
      NativeTensor images, NativeTensor labels, StepMixingInput mixing, DropoutNoise noise) {
    requireOpen();
    Map<String, NativeTensor> feeds = new HashMap<>(noise.tensors());
    feeds.putAll(mixing.tensors());
    feeds.put(TrainingArtifacts.IMAGES, images);
    feeds.put(TrainingArtifacts.LABELS, labels);
    trainSignature.checkFeeds(trainInputs, feeds);
    OrtValue[] values = new OrtValue[trainInputs.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = feeds.get(trainInputs.get(i)).value();
    }
    OrtRuntime rt = OrtRuntime.get();
    try (PointerPointer<OrtValue> in = new PointerPointer<>(values);
        PointerPointer<OrtValue> out = InferenceSession.nulls(trainOutputs.size())) {
      rt.check(
          rt.training.TrainStep(
              session, (OrtRunOptions) null, values.length, in, trainOutputs.size(), out),
          "running a training step");
      return stepResult(out);
    }
  }

  /**
   * Reads the loss and scores, writes each frozen statistic's next value back into the state,
   * and releases every output.
   */
  private StepResult stepResult(PointerPointer<OrtValue> out) {
    OrtRuntime rt = OrtRuntime.get();
    StepOutputs read = new StepOutputs();
    OutputValues.readAndRelease(out, trainOutputs, (name, v) -> {
      if (name.equals(TrainingArtifacts.LOSS)) {
        read.loss = ValueReader.floats(v, name).scalar();
      } else if (name.equals(TrainingArtifacts.SCORES)) {
        read.scores = ValueReader.floats(v, name);
      } else if (name.endsWith(TrainingArtifacts.STATISTIC_SUFFIX)) {
        String parameter =
            name.substring(0, name.length() - TrainingArtifacts.STATISTIC_SUFFIX.length());
        rt.check(
            rt.training.UpdateParameter(state, parameter, v), "updating statistic " + parameter);
      }
    });
    return new StepResult(read.loss, read.scores);
  }

  /** The loss and scores of a training step, filled in as its outputs are read. */
  private static final class StepOutputs {
    private float loss = Float.NaN;
    private HostTensor scores;
  }

  /** Applies the optimizer to the accumulated gradients. */
  public void optimizerStep() {
    requireOpen();
    OrtRuntime rt = OrtRuntime.get();
    rt.check(rt.training.OptimizerStep(session, (OrtRunOptions) null), "running the optimizer");
  }

  /** Makes the next training step overwrite, not add to, the gradient buffers. */
  public void lazyResetGrad() {
    requireOpen();
    OrtRuntime rt = OrtRuntime.get();
    rt.check(rt.training.LazyResetGrad(session), "resetting gradients");
  }

  /**
   * Sets the optimizer's learning rate.
   *
   * @throws IllegalArgumentException for a rate that is not positive and finite
   */
  public void setLearningRate(double rate) {
    requireOpen();
    if (!(rate > 0) || !Double.isFinite(rate)) {
      throw new IllegalArgumentException("learning rate must be positive, got " + rate);
    }
    OrtRuntime rt = OrtRuntime.get();
    rt.check(rt.training.SetLearningRate(session, (float) rate), "setting the learning rate");
  }

  /**
   * Runs the eval model: the scores of a batch of any size.
   *
   * @param images float [B, C, H, W]
   * @throws IllegalArgumentException for mis-shaped or mistyped images
   */
  public HostTensor scores(NativeTensor images) {
    requireOpen();
    evalSignature.checkFeeds(EVAL_INPUTS, Map.of(TrainingArtifacts.IMAGES, images));
    OrtRuntime rt = OrtRuntime.get();
    try (PointerPointer<OrtValue> in = new PointerPointer<>(new OrtValue[] {images.value()});
        PointerPointer<OrtValue> out = InferenceSession.nulls(evalOutputs.size())) {
      rt.check(
          rt.training.EvalStep(session, (OrtRunOptions) null, 1, in, evalOutputs.size(), out),
          "running the eval model");
      return InferenceSession.collect(out, evalOutputs)
          .get(evalOutputs.indexOf(TrainingArtifacts.SCORES));
    }
  }

  /**
   * Writes the trained model as a plain inference ONNX file with input {@code images} and output
   * {@code scores}, which stock ONNX Runtime runs.
   */
  public void exportForInference(Path file) {
    requireOpen();
    OrtRuntime rt = OrtRuntime.get();
    try (BytePointer path = new BytePointer(file.toAbsolutePath().toString());
        PointerPointer<BytePointer> names =
            new PointerPointer<>(new String[] {TrainingArtifacts.SCORES})) {
      rt.check(
          rt.training.ExportModelForInferencing(session, path, 1, names),
          "exporting the inference model to " + file);
    }
  }

  /**
   * Records an integer in the checkpoint's property bag; saved with the next checkpoint.
   *
   * @throws IllegalArgumentException for a blank name
   */
  public void setProperty(String name, long value) {
    requireOpen();
    if (name.isBlank()) {
      throw new IllegalArgumentException("property name must not be blank");
    }
    OrtRuntime rt = OrtRuntime.get();
    try (LongPointer v = new LongPointer(1)) {
      v.put(value);
      rt.check(rt.training.AddProperty(state, name, OrtIntProperty, v), "setting property " + name);
    }
  }

  /**
   * An integer of the checkpoint's property bag.
   *
   * @throws OrtException when the checkpoint has no such property
   * @throws IllegalStateException when the property is not an integer
   */
  public long property(String name) {
    requireOpen();
    return property(state, name);
  }

  /**
   * An integer of the property bag of a serialized checkpoint, read without a session.
   *
   * @throws OrtException when ONNX Runtime refuses the checkpoint or it has no such property
   * @throws IllegalStateException when the property is not an integer
   */
  static long property(byte[] checkpoint, String name) {
    OrtRuntime rt = OrtRuntime.get();
    OrtCheckpointState loaded = new OrtCheckpointState();
    try (BytePointer ckpt = new BytePointer(checkpoint)) {
      rt.check(
          rt.training.LoadCheckpointFromBuffer(ckpt, checkpoint.length, loaded),
          "loading the checkpoint");
    }
    try {
      return property(loaded, name);
    } finally {
      rt.training.ReleaseCheckpointState(loaded);
    }
  }

  private static long property(OrtCheckpointState state, String name) {
    OrtRuntime rt = OrtRuntime.get();
    try (IntPointer type = new IntPointer(1);
        PointerPointer<LongPointer> value = new PointerPointer<>(1);
        BytePointer key = new BytePointer(name)) {
      value.put(0, (Pointer) null);
      rt.check(
          rt.training.GetProperty(state, key, rt.allocator, type, value),
          "reading property " + name);
      Pointer raw = value.get(0);
      try {
        if (type.get() != OrtIntProperty) {
          throw new IllegalStateException("property " + name + " is not an integer");
        }
        return new LongPointer(raw).get();
      } finally {
        rt.check(rt.api.AllocatorFree(rt.allocator, raw), "freeing property " + name);
      }
    }
  }

  /** Saves the current parameters (and optimizer state) as an ONNX Runtime checkpoint. */
  public void saveCheckpoint(Path file, boolean includeOptimizerState) {
    requireOpen();
    OrtRuntime rt = OrtRuntime.get();
    try (BytePointer path = new BytePointer(file.toAbsolutePath().toString())) {
      rt.check(
          rt.training.SaveCheckpoint(state, path, includeOptimizerState),
          "saving the checkpoint to " + file);
    }
  }

  /** The current parameter values, read back through a checkpoint. */
  public Checkpoint parameters() {
    requireOpen();
    try {
      Path file = Files.createTempFile("ecoc4j-parameters", ".ckpt");
      try {
        saveCheckpoint(file, false);
        return CheckpointReader.read(Files.readAllBytes(file));
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not stage the parameters in a temporary file", e);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("training session is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      OrtRuntime rt = OrtRuntime.get();
      rt.training.ReleaseTrainingSession(session);
      rt.training.ReleaseCheckpointState(state);
      trainingModel.close();
      evalModel.close();
      optimizerModel.close();
    }
  }
}
