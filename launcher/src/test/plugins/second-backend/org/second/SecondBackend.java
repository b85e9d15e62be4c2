package org.second;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingStage;

/**
 * Test plugin (plain jar): a second backend, installed beside ort, with checkpoints of its own
 * format. It refuses to train or load, saying so, which shows that a command chose it.
 */
public final class SecondBackend implements Backend {

  @Override
  public String name() {
    return "second";
  }

  @Override
  public String description() {
    return "a second backend that only says it was chosen";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of(OptionSpec.ofInt("lanes", 1, "an option of this backend only"));
  }

  @Override
  public TrainedNetwork train(
      ModelSpec model, List<TrainingStage> stages, TrainingData data,
      Map<String, String> options) {
    throw new UnsupportedOperationException("backend 'second' was chosen to train " + options);
  }

  @Override
  public TrainedNetwork load(
      ModelSpec model, LossSpec loss, Path checkpoint, Map<String, String> options) {
    throw new UnsupportedOperationException("backend 'second' was chosen to load " + checkpoint);
  }
}
