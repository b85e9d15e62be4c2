package org.ecoc4j.api.training;

import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.TrainingConfig;

/**
 * One stage of training: a loss, the views of each training sample it sees, its optimizer
 * settings and epochs ({@link TrainingConfig}), and where its weights start.
 *
 * <p>Stages run in order; each has its own optimizer state, started fresh. A stage that starts
 * from {@link Start#PREVIOUS_WEIGHTS} takes every parameter the previous stage's network shares
 * with its own (same name and shape) from where that stage ended, the others from its own
 * initialization; the first stage must start from {@link Start#SCRATCH}.
 *
 * @param name the stage's name, for progress lines, errors and provenance; not blank
 * @param loss the stage's training loss
 * @param views how each training sample is shown: one view for ordinary training, two for a
 *     contrastive stage that compares two augmentations of each sample; not empty
 * @param config epochs, batch size, learning rate and its schedule, optimizer settings, seed of the
 *     stage's initialization and batch order
 * @param start where the stage's weights start
 */
public record TrainingStage(
    String name, LossSpec loss, List<DataView> views, TrainingConfig config, Start start) {

  /** Where a stage's weights start. */
  public enum Start {
    /** From the network's initialization drawn from the stage's seed. */
    SCRATCH,
    /** From the weights the previous stage ended with. */
    PREVIOUS_WEIGHTS
  }

  /** Refuses blank names and stages without views. */
  public TrainingStage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(start, "start");
    views = List.copyOf(views);
    if (name.isBlank()) {
      throw new IllegalArgumentException("a training stage's name must not be blank");
    }
    if (views.isEmpty()) {
      throw new IllegalArgumentException("training stage '" + name + "' has no data view");
    }
  }

  /**
   * The ordinary stage: one view with the dataset's training augmentation, from scratch.
   *
   * @param name the stage's name, e.g. {@code train}
   */
  public static TrainingStage of(String name, LossSpec loss, TrainingConfig config) {
    return new TrainingStage(name, loss, List.of(DataView.dataset()), config, Start.SCRATCH);
  }

  /** A copy that starts from the previous stage's weights. */
  public TrainingStage fromPreviousWeights() {
    return new TrainingStage(name, loss, views, config, Start.PREVIOUS_WEIGHTS);
  }

  /** A copy with other views of each training sample. */
  public TrainingStage withViews(List<DataView> newViews) {
    return new TrainingStage(name, loss, newViews, config, start);
  }

  /** A copy with other optimizer settings and epochs. */
  public TrainingStage withConfig(TrainingConfig newConfig) {
    return new TrainingStage(name, loss, views, newConfig, start);
  }
}
