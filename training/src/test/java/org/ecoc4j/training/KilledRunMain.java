package org.ecoc4j.training;

import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingStage;

/**
 * A child JVM for {@link KilledRunTest}: trains two stages of the linear model with a checkpoint
 * each epoch and is killed ({@code Runtime.halt}, as {@code kill -9}) where its arguments say.
 *
 * <p>Arguments: the checkpoint file; {@code while-saving STAGE EPOCHS} (halt half-way through
 * writing that checkpoint) or {@code between-epochs STAGE EPOCH} (halt at the first step of that
 * epoch, counted from 1, after the previous epoch's checkpoint is in place).
 */
final class KilledRunMain {

  static final ImageShape SHAPE = new ImageShape(1, 2, 2);
  static final int CLASSES = 3;
  static final ModelSpec MODEL = new ModelSpec("linear", SHAPE, CLASSES, 1);

  private KilledRunMain() {}

  /** Two stages, the second from the first's weights: 3 and 2 epochs. */
  static List<TrainingStage> stages() {
    LossSpec loss = LossSpec.crossEntropy(CLASSES);
    return List.of(
        TrainingStage.of("first", loss, TrainingConfig.adamW(3, 8, 5).withLearningRate(0.5)),
        TrainingStage.of("second", loss, TrainingConfig.adamW(2, 8, 6).withLearningRate(0.5))
            .fromPreviousWeights());
  }

  static TrainingData data() {
    return TrainingData.of(TrainingLoopTest.separable("train", 90, 1),
        TrainingLoopTest.separable("test", 30, 2));
  }

  public static void main(String[] args) {
    LinearEngine engine = new LinearEngine();
    int stage = Integer.parseInt(args[2]);
    int at = Integer.parseInt(args[3]);
    if (args[1].equals("while-saving")) {
      engine.haltWhileSaving = new int[] {stage, at};
    } else {
      engine.haltAt = new int[] {stage, at, 0};
    }
    new TrainingLoop(engine).checkpointingTo(Path.of(args[0])).run(MODEL, stages(), data())
        .close();
    System.exit(0);
  }
}
