package org.ecoc4j.backends.ort;

import java.nio.file.Path;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;

/**
 * A child JVM for {@link InterruptTest}: trains lenet with a checkpoint after every epoch for
 * far more epochs than the test waits for, until a signal stops it.
 */
public final class InterruptibleTrainingMain {

  private InterruptibleTrainingMain() {}

  /** Trains into the checkpoint file {@code args[0]}. */
  public static void main(String[] args) {
    ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1);
    new Trainer(OrtSettings.cpu(), null)
        .checkpointingTo(Path.of(args[0]))
        .train(spec, LossSpec.crossEntropy(4), TrainingConfig.adamW(100_000, 16, 3),
            SyntheticImages.quadrants(64, 5), null)
        .close();
  }
}
