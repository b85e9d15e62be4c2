package org.ecoc4j.backends.ort;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.backends.onnx.autodiff.ConvGradient;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.zoo.OnnxImport;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingStage;
import org.ecoc4j.training.TrainingLoop;

/** The {@code ort} backend: ONNX Runtime's training build through its C API. */
public final class OrtBackend implements Backend {

  /** The option naming a forward ONNX model to build instead of a zoo architecture. */
  public static final String MODEL_FILE = "model-file";

  /** The option naming the file prefix of ONNX Runtime's session profiles. */
  public static final String PROFILE = "profile";

  /** The option choosing the Conv gradient rule of training and attack graphs. */
  public static final String CONV_GRADIENT = "conv-gradient";

  /** The option choosing how sessions plan their memory ({@link SessionMemory}). */
  public static final String MEMORY = "memory";

  /** The option choosing the layout of a training session's convolutions ({@link ConvLayout}). */
  public static final String CONV_LAYOUT = "conv-layout";

  /** The option letting the sessions' intra-op workers spin ({@link OrtSettings#spinning()}). */
  public static final String SPINNING = "spinning";

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.ofChoice("device", "cpu",
              "where to run (cuda needs the GPU natives and CUDA 13)", "cpu",
              "cuda"),
          OptionSpec.ofInt("threads", OrtSettings.DEFAULT_THREADS, "intra-op threads per session"),
          OptionSpec.ofString(PROFILE, null,
              "file prefix of ONNX Runtime session profiles (PREFIX-training_DATE.json and so on,"
                  + " written as each session closes; summarise with ProfileSummary)"),
          OptionSpec.ofChoice(CONV_GRADIENT, ConvGradient.AUTO.optionValue(),
              "Conv gradient of training and attack graphs: convgrad (ONNX Runtime's ConvGrad),"
                  + " gemm (forward operators, the weight gradient as one GEMM over the batch:"
                  + " faster on several cores, more memory) or auto (gemm for kernels up to 3x3"
                  + " on the CPU, with the weight gradient of stride-1 ones as one correlation"
                  + " where training runs in conv-layout nchwc and the batch fills its blocks;"
                  + " convgrad for larger kernels and on CUDA)",
              ConvGradient.AUTO.optionValue(), ConvGradient.CONVGRAD.optionValue(),
              ConvGradient.GEMM.optionValue()),
          OptionSpec.ofString(
              "checkpoint", null, "file to save a resumable checkpoint to after every epoch"),
          OptionSpec.ofString(
              "resume-from", null, "checkpoint of an interrupted run of the same settings"),
          OptionSpec.ofBoolean("progress", true, "show a progress line on standard error"),
          OptionSpec.ofChoice("optimizer", "adamw",
              "adamw (the configuration's AdamW settings) or sgd (momentum, with the"
                  + " configuration's learning rate and weight decay as L2 on the gradient)",
              "adamw", "sgd"),
          OptionSpec.ofDouble("momentum", 0.9, "SGD momentum in [0, 1), used by optimizer=sgd"),
          OptionSpec.ofString(MODEL_FILE, null,
              "forward ONNX model (one image input, one [batch, members x outputs] output) built"
                  + " in place of the zoo architecture, starting from its weights"),
          OptionSpec.ofChoice(MEMORY, SessionMemory.LEAN.label(),
              "session memory: lean (the arena without ONNX Runtime's memory pattern: less"
                  + " resident memory, the same results) or pattern (ONNX Runtime's memory pattern"
                  + " and arena; see the ort README)",
              SessionMemory.labels()),
          OptionSpec.ofChoice(CONV_LAYOUT, ConvLayout.AUTO.label(),
              "layout of a training session's convolutions: nchwc (ONNX Runtime's blocked CPU"
                  + " kernels for the trainable convolutions, as it uses for constant weights,"
                  + " and the activations between them blocked, in attack graphs too), nchw (as"
                  + " built) or auto (nchwc on the CPU where the kernels exist, nchw on cuda);"
                  + " saved and exported models keep the plain layout",
              ConvLayout.labels()),
          OptionSpec.ofBoolean(SPINNING, false,
              "let the sessions' intra-op threads spin while they wait for work (false, the"
                  + " default: they block, which measured faster on 2 cores, where sessions"
                  + " taking turns lost cores to the last one's spinning threads; see the ort"
                  + " README)"));

  private static OptimizerSpec sgd(double momentum, double weightDecay) {
    try {
      return OptimizerSpec.sgd(momentum, weightDecay);
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException("momentum", "option 'momentum': " + e.getMessage());
    }
  }

  @Override
  public String name() {
    return "ort";
  }

  @Override
  public String description() {
    return "ONNX Runtime training build (org.bytedeco:onnxruntime) on CPU, or CUDA with its GPU"
        + " natives";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  /**
   * Trains through the backend-neutral {@link TrainingLoop} on an {@link OrtTrainingEngine}: the
   * options choose the device, threads, optimizer and model file, the progress line, the
   * checkpoint written after every epoch and the checkpoint a run resumes from. Augmentation comes
   * from {@code data} (the dataset's, or a stage's own view).
   */
  @Override
  public TrainedNetwork train(
      ModelSpec model, List<TrainingStage> stages, TrainingData data,
      Map<String, String> options) {
    Options parsed = Options.parse(OPTIONS, options);
    OrtSettings settings = settings(parsed);
    boolean sgd = parsed.getString("optimizer").equals("sgd");
    double momentum = parsed.getDouble("momentum");
    String modelFile = modelFile(parsed);
    ZooModel network = Architectures.of(model, modelFile);
    TrainingLoop loop =
        new TrainingLoop(
            new OrtTrainingEngine(
                settings,
                spec -> spec.equals(model) ? network : Architectures.of(spec, modelFile),
                config ->
                    sgd ? sgd(momentum, config.weightDecay()) : OptimizerSpec.adamW(config)));
    if (parsed.getBoolean("progress")) {
      loop = loop.reportingTo(System.err);
    }
    if (parsed.has("checkpoint")) {
      loop = loop.checkpointingTo(Path.of(parsed.getString("checkpoint")));
    }
    if (parsed.has("resume-from")) {
      return loop.resume(model, stages, data, Path.of(parsed.getString("resume-from")));
    }
    return loop.run(model, stages, data);
  }

  @Override
  public TrainedNetwork load(
      ModelSpec model, LossSpec loss, Path checkpoint, Map<String, String> options) {
    Options parsed = Options.parse(OPTIONS, options);
    OrtSettings settings = settings(parsed);
    return SavedNetworks.load(Architectures.of(model, modelFile(parsed)), loss, checkpoint, settings);
  }

  /**
   * The model file with every initializer it keeps as ONNX external data read into the graph
   * ({@link OnnxImport#selfContained}); a file without external data byte for byte.
   */
  @Override
  public byte[] selfContainedModelFile(Path file) {
    try {
      return OnnxImport.selfContained(file);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("model file " + file + ": " + e.getMessage(), e);
    }
  }

  private static String modelFile(Options parsed) {
    return parsed.has(MODEL_FILE) ? parsed.getString(MODEL_FILE) : null;
  }

  /** Threads per available processor above which {@code threads} is refused. */
  private static final int MAX_THREADS_PER_PROCESSOR = 4;

  /**
   * The session settings that the backend options {@code options} give (device, threads,
   * profile, conv-gradient, memory, conv-layout; other options of this backend are accepted and
   * do not change the settings).
   *
   * @throws InvalidOptionException for an unknown option or a bad value, naming it
   */
  static OrtSettings settings(Map<String, String> options) {
    return settings(Options.parse(OPTIONS, options));
  }

  static OrtSettings settings(Options parsed) {
    int threads = parsed.getInt("threads");
    if (threads < 1) {
      throw new InvalidOptionException(
          "threads", "option 'threads' must be positive, got " + threads);
    }
    int processors = Runtime.getRuntime().availableProcessors();
    if (threads > MAX_THREADS_PER_PROCESSOR * processors) {
      throw new InvalidOptionException("threads", "option 'threads' is " + threads
          + ", more than " + MAX_THREADS_PER_PROCESSOR + " x the " + processors
          + " available processors; each session would start that many native threads");
    }
    OrtSettings settings = new OrtSettings(OrtDevice.parse(parsed.getString("device")), threads);
    settings.device().requireAvailable();
    if (parsed.has(PROFILE)) {
      Path prefix = Path.of(parsed.getString(PROFILE)).toAbsolutePath();
      if (!java.nio.file.Files.isDirectory(prefix.getParent())) {
        throw new InvalidOptionException(PROFILE, "option 'profile': folder " + prefix.getParent()
            + " does not exist");
      }
      settings = settings.profilingTo(prefix);
    }
    ConvLayout layout = ConvLayout.parse(parsed.getString(CONV_LAYOUT));
    try {
      layout.requireAvailable(settings.device());
    } catch (UnsupportedOperationException e) {
      throw new InvalidOptionException(CONV_LAYOUT, "option '" + CONV_LAYOUT + "': "
          + e.getMessage());
    }
    return settings.withConvGradient(ConvGradient.parse(parsed.getString(CONV_GRADIENT)))
        .withMemory(SessionMemory.parse(parsed.getString(MEMORY)))
        .withConvLayout(layout)
        .withSpinning(parsed.getBoolean(SPINNING));
  }
}
