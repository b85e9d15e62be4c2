package org.ecoc4j.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.training.StagePreparation;
import org.ecoc4j.api.training.TrainingStage;

/**
 * Records the code table that a run's stages generated between stages ({@link
 * StagePreparation}), so that the trainer deploys the table the network was trained against: the
 * stages it hands to the backend wrap each preparation, and the table passed to {@link
 * StagePreparation#loss} is kept, whether it was just generated or read back from a checkpoint by
 * a resumed run. The last stage's to do so wins. Not thread-safe; one per run.
 */
final class GeneratedTableRecorder {

  private CodeTable table;
  private boolean any;

  /** {@code stages} with every preparation recording the table its stage trains against. */
  List<TrainingStage> recording(List<TrainingStage> stages) {
    List<TrainingStage> wrapped = new ArrayList<>(stages.size());
    for (TrainingStage stage : stages) {
      if (stage.preparation().isPresent()) {
        any = true;
        StagePreparation inner = stage.preparation().get();
        wrapped.add(stage.withPreparation(new StagePreparation() {
          @Override
          public CodeTable generate(float[] outputs, int[] labels) {
            return inner.generate(outputs, labels);
          }

          @Override
          public LossSpec loss(CodeTable generated) {
            LossSpec loss = inner.loss(generated);
            table = generated;
            return loss;
          }
        }));
      } else {
        wrapped.add(stage);
      }
    }
    return wrapped;
  }

  /** Whether any of the stages given to {@link #recording} generates a table. */
  boolean anyStage() {
    return any;
  }

  /** The table the last preparing stage trained against, once training has reached it. */
  Optional<CodeTable> table() {
    return Optional.ofNullable(table);
  }
}
