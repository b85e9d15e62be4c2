package org.ecoc4j.api.training;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.symbolic.BlockMixing;

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
 * <p>A stage may train the network on mixed batches ({@link #batchMixing()}): each training batch
 * of {@code B} images becomes {@code M} images {@code y_i = sum_k matrix[i][k] x_k} before the
 * network, so the stage's loss sees {@code M} rows of outputs beside {@code B} labels (for
 * example coded-smoothing's plain batch followed by its coded samples). The mixing is a training
 * device only: the deployed network, its evaluation and the attacks on it run on plain batches of
 * any size. A stage with a mixing of {@code B} inputs needs the batch size {@code B}; a training
 * engine that cannot mix batches refuses such a stage rather than train without the mixing.
 *
 * <p>A later stage may compute what it trains against from the network the previous stage
 * ended with ({@link #preparation()}): its declared {@link #loss()} is then replaced, when the
 * stage starts, by the loss the preparation gives for the table it generated.
 *
 * @param start where the stage's weights start
 * @param batchMixing the matrix applied across each training batch before the network (constant,
 *     or {@linkplain BatchMixing#drawnPerStep drawn per step}), if any
 * @param preparation the code table the stage generates from the previous stage's network and
 *     its loss against that table, if any
 * @param head the projection head on top of the network during this stage only, if any
 * @param blockMixing the matrices applied across each training batch around one block of the
 *     network ({@link BlockMixing}), if any; like {@code batchMixing} a training device only, and
 *     not together with it
 */
public record TrainingStage(
    String name,
    LossSpec loss,
    List<DataView> views,
    TrainingConfig config,
    Start start,
    Optional<BatchMixing> batchMixing,
    Optional<StagePreparation> preparation,
    Optional<ProjectionHead> head,
    Optional<BlockMixing> blockMixing) {

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
    Objects.requireNonNull(batchMixing, "batchMixing");
    Objects.requireNonNull(preparation, "preparation");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(blockMixing, "blockMixing");
    views = List.copyOf(views);
    if (name.isBlank()) {
      throw new IllegalArgumentException("a training stage's name must not be blank");
    }
    if (views.isEmpty()) {
      throw new IllegalArgumentException("training stage '" + name + "' has no data view");
    }
    if (batchMixing.isPresent() && batchMixing.get().inputs() != config.batchSize()) {
      throw new IllegalArgumentException(
          "training stage '" + name + "' mixes batches of " + batchMixing.get().inputs()
              + " images, its batch size is " + config.batchSize());
    }
    if (blockMixing.isPresent() && batchMixing.isPresent()) {
      throw new IllegalArgumentException(
          "training stage '" + name + "' mixes its batches before the network or around a block,"
              + " not both");
    }
    if (blockMixing.isPresent() && blockMixing.get().inputs() != config.batchSize()) {
      throw new IllegalArgumentException(
          "training stage '" + name + "' mixes batches of " + blockMixing.get().inputs()
              + " images around block '" + blockMixing.get().block() + "', its batch size is "
              + config.batchSize());
    }
  }

  /** A stage without a preparation, a projection head or mixing around a block. */
  public TrainingStage(
      String name,
      LossSpec loss,
      List<DataView> views,
      TrainingConfig config,
      Start start,
      Optional<BatchMixing> batchMixing) {
    this(name, loss, views, config, start, batchMixing, Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** A stage without batch mixing. */
  public TrainingStage(
      String name, LossSpec loss, List<DataView> views, TrainingConfig config, Start start) {
    this(name, loss, views, config, start, Optional.empty());
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
    return new TrainingStage(
        name, loss, views, config, Start.PREVIOUS_WEIGHTS, batchMixing, preparation, head,
        blockMixing);
  }

  /** A copy with other views of each training sample. */
  public TrainingStage withViews(List<DataView> newViews) {
    return new TrainingStage(
        name, loss, newViews, config, start, batchMixing, preparation, head, blockMixing);
  }

  /**
   * A copy with other optimizer settings and epochs.
   *
   * @throws IllegalArgumentException when the stage's batch mixing does not take the new batch
   *     size
   */
  public TrainingStage withConfig(TrainingConfig newConfig) {
    return new TrainingStage(
        name, loss, views, newConfig, start, batchMixing, preparation, head, blockMixing);
  }

  /** A copy that trains on batches mixed by {@code mixing}. */
  public TrainingStage withBatchMixing(BatchMixing mixing) {
    return new TrainingStage(
        name, loss, views, config, start, Optional.of(mixing), preparation, head, blockMixing);
  }

  /** A copy that trains with {@code mixing} around one block of the network. */
  public TrainingStage withBlockMixing(BlockMixing mixing) {
    return new TrainingStage(name, loss, views, config, start, batchMixing, preparation, head,
        Optional.of(mixing));
  }

  /**
   * A copy that generates a code table from the previous stage's network when it starts and trains
   * on {@code newPreparation}'s loss against it; such a stage cannot be the first of a run, and the
   * run's data needs a generation split.
   */
  public TrainingStage withPreparation(StagePreparation newPreparation) {
    return new TrainingStage(name, loss, views, config, start, batchMixing,
        Optional.of(Objects.requireNonNull(newPreparation, "newPreparation")), head, blockMixing);
  }

  /**
   * The stage as it trains against {@code generated}: its loss the preparation's for that table,
   * without the preparation.
   *
   * @throws IllegalStateException for a stage without a preparation
   */
  public TrainingStage preparedWith(CodeTable generated) {
    StagePreparation p = preparation.orElseThrow(() -> new IllegalStateException(
        "training stage '" + name + "' has no preparation"));
    return new TrainingStage(name, p.loss(Objects.requireNonNull(generated, "generated")), views,
        config, start, batchMixing, Optional.empty(), head, blockMixing);
  }

  /**
   * A copy that trains {@code projection} on top of the network during this stage only (see
   * {@link ProjectionHead}).
   */
  public TrainingStage withHead(ProjectionHead projection) {
    return new TrainingStage(name, loss, views, config, start, batchMixing, preparation,
        Optional.of(Objects.requireNonNull(projection, "projection")), blockMixing);
  }
}
