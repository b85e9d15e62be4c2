package org.ecoc4j.backends.ort;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.datasets.RandomCropFlip;

/** The {@code ort} backend: ONNX Runtime's training build through its C API. */
public final class OrtBackend implements Backend {

  /** The option naming a forward ONNX model to build instead of a zoo architecture. */
  public static final String MODEL_FILE = "model-file";

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.ofChoice("device", "cpu",
              "where to run (cuda needs the GPU natives and CUDA 13)", "cpu",
              "cuda"),
          OptionSpec.ofInt("threads", OrtSettings.DEFAULT_THREADS, "intra-op threads per session"),
          OptionSpec.ofString(
              "checkpoint", null, "file to save a resumable checkpoint to after every epoch"),
          OptionSpec.ofString(
              "resume-from", null, "checkpoint of an interrupted run of the same settings"),
          OptionSpec.ofBoolean("progress", true, "show a progress line on standard error"),
          OptionSpec.ofChoice("augmentation", "none",
              "training-batch augmentation: crop-flip is the CIFAR-style random crop (padding 4)"
                  + " and horizontal flip",
              "none", "crop-flip"),
          OptionSpec.ofChoice("optimizer", "adamw",
              "adamw (the configuration's AdamW settings) or sgd (momentum, with the"
                  + " configuration's learning rate and weight decay as L2 on the gradient)",
              "adamw", "sgd"),
          OptionSpec.ofDouble("momentum", 0.9, "SGD momentum in [0, 1), used by optimizer=sgd"),
          OptionSpec.ofString(MODEL_FILE, null,
              "forward ONNX model (one image input, one [batch, members x outputs] output) built"
                  + " in place of the zoo architecture, starting from its weights"));

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

  @Override
  public TrainedNetwork train(
      ModelSpec model,
      LossSpec loss,
      TrainingConfig config,
      Split train,
      Split test,
      Map<String, String> options) {
    Options parsed = Options.parse(OPTIONS, options);
    OrtSettings settings = settings(parsed);
    Trainer trainer = new Trainer(settings, parsed.getBoolean("progress") ? System.err : null);
    if (parsed.getString("optimizer").equals("sgd")) {
      trainer = trainer.withOptimizer(sgd(parsed.getDouble("momentum"), config.weightDecay()));
    }
    if (parsed.getString("augmentation").equals("crop-flip")) {
      trainer = trainer.augmentingWith(new RandomCropFlip(4, true));
    }
    if (parsed.has("checkpoint")) {
      trainer = trainer.checkpointingTo(Path.of(parsed.getString("checkpoint")));
    }
    ZooModel network = Architectures.of(model, modelFile(parsed));
    if (parsed.has("resume-from")) {
      return trainer.resume(
          network, loss, config, train, test, Path.of(parsed.getString("resume-from")));
    }
    return trainer.train(network, loss, config, train, test);
  }

  @Override
  public TrainedNetwork load(
      ModelSpec model, LossSpec loss, Path checkpoint, Map<String, String> options) {
    Options parsed = Options.parse(OPTIONS, options);
    OrtSettings settings = settings(parsed);
    return SavedNetworks.load(Architectures.of(model, modelFile(parsed)), loss, checkpoint, settings);
  }

  private static String modelFile(Options parsed) {
    return parsed.has(MODEL_FILE) ? parsed.getString(MODEL_FILE) : null;
  }

  private static OrtSettings settings(Options parsed) {
    int threads = parsed.getInt("threads");
    if (threads < 1) {
      throw new InvalidOptionException(
          "threads", "option 'threads' must be positive, got " + threads);
    }
    OrtSettings settings = new OrtSettings(OrtDevice.parse(parsed.getString("device")), threads);
    settings.device().requireAvailable();
    return settings;
  }
}
