package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.training.TrainingStage;

/**
 * A prepared {@code mixup}: decided, deployed and attacked as {@code one-hot} ({@code plain}),
 * trained in one stage on batches mixed by {@link MixupTraining}.
 *
 * @param plain the one-hot design it deploys as
 * @param alpha the Beta distribution's parameter
 */
record MixupDesign(LogitDesign plain, double alpha) implements TrainedAsLogits {

  @Override
  public Map<String, String> options() {
    return plain.options();
  }

  /**
   * One stage, {@code train}, on batches mixed by a mixing drawn afresh at each step from the
   * step's seed (the run's seed, the epoch and the batch).
   */
  @Override
  public List<TrainingStage> stages(TrainingConfig config) {
    BatchMixing mixing = MixupTraining.mixing(config.batchSize(), alpha);
    return List.of(
        TrainingStage.of("train", MixupTraining.loss(mixing, plain.classes()), config)
            .withBatchMixing(mixing));
  }
}
