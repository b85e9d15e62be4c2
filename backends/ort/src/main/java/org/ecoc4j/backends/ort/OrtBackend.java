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
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/** The {@code ort} backend: ONNX Runtime's training build through its C API. */
public final class OrtBackend implements Backend {

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.ofChoice("device", "cpu", "where to run (cuda is not available yet)", "cpu",
              "cuda"),
          OptionSpec.ofInt("threads", OrtSettings.DEFAULT_THREADS, "intra-op threads per session"),
          OptionSpec.ofString(
              "checkpoint", null, "file to save a resumable checkpoint to after every epoch"),
          OptionSpec.ofString(
              "resume-from", null, "checkpoint of an interrupted run of the same settings"),
          OptionSpec.ofBoolean("progress", true, "show a progress line on standard error"));

  @Override
  public String name() {
    return "ort";
  }

  @Override
  public String description() {
    return "ONNX Runtime training build (org.bytedeco:onnxruntime) on CPU";
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
    if (parsed.has("checkpoint")) {
      trainer = trainer.checkpointingTo(Path.of(parsed.getString("checkpoint")));
    }
    if (parsed.has("resume-from")) {
      return trainer.resume(
          model, loss, config, train, test, Path.of(parsed.getString("resume-from")));
    }
    return trainer.train(model, loss, config, train, test);
  }

  @Override
  public TrainedNetwork load(
      ModelSpec model, LossSpec loss, Path checkpoint, Map<String, String> options) {
    return SavedNetworks.load(model, loss, checkpoint, settings(Options.parse(OPTIONS, options)));
  }

  private static OrtSettings settings(Options parsed) {
    int threads = parsed.getInt("threads");
    if (threads < 1) {
      throw new org.ecoc4j.api.plugin.InvalidOptionException(
          "threads", "option 'threads' must be positive, got " + threads);
    }
    OrtSettings settings = new OrtSettings(OrtDevice.parse(parsed.getString("device")), threads);
    settings.device().requireAvailable();
    return settings;
  }
}
