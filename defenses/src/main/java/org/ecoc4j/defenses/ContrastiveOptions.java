package org.ecoc4j.defenses;

import java.util.List;
import java.util.Optional;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.training.DataView;
import org.ecoc4j.api.training.ProjectionHead;
import org.ecoc4j.api.training.TrainingStage;
import org.ecoc4j.datasets.ContrastiveView;

/**
 * The options the contrastive defenses share: code length K (default 100, as the authors' code),
 * the temperature tau of InfoNCE (Eq. 2) and row separation (Eq. 4), the weight lambda of column
 * separation in pretraining (Eq. 8), the pretraining epochs, the two random views of
 * pretraining (random resized crop, flip and, for colour images, colour jitter) and the
 * projection head of pretraining (on by default, shaped as the authors' code: ReLU, 2048 hidden,
 * ReLU, 128 outputs).
 */
final class ContrastiveOptions {

  static final String CODE_LENGTH = DefenseOptions.CODE_LENGTH;
  static final String TEMPERATURE = "temperature";
  static final String COLUMN_WEIGHT = "column-weight";
  static final String PRETRAIN_EPOCHS = "pretrain-epochs";
  static final String CROP_SCALE = "crop-scale";
  static final String JITTER = "jitter";
  static final String JITTER_CHANCE = "jitter-chance";
  static final String HEAD = "head";
  static final String HEAD_WIDTH = "head-width";
  static final String HEAD_OUTPUTS = "head-outputs";
  static final String HEAD_ACTIVATION = "head-activation";
  private static final List<String> HEAD_SHAPE = List.of(HEAD_WIDTH, HEAD_OUTPUTS, HEAD_ACTIVATION);

  private ContrastiveOptions() {}

  static OptionSpec codeLength() {
    return OptionSpec.ofInt(CODE_LENGTH, 100, "code length K: outputs of the ECOC encoder");
  }

  static OptionSpec temperature() {
    return OptionSpec.ofDouble(TEMPERATURE, 0.5,
        "temperature tau of InfoNCE (Eq. 2) and of row separation (Eq. 4)");
  }

  static List<OptionSpec> pretraining() {
    return List.of(
        OptionSpec.ofDouble(COLUMN_WEIGHT, 0.001,
            "weight lambda of column separation (Eq. 1) in the pretraining loss (Eq. 8)"),
        OptionSpec.ofInt(PRETRAIN_EPOCHS, null,
            "epochs of contrastive pretraining; default the run's epochs"),
        OptionSpec.ofDouble(CROP_SCALE, 0.08,
            "smallest crop area of a pretraining view, as a fraction of the image"),
        OptionSpec.ofDouble(JITTER, 0.4,
            "brightness, contrast and saturation jitter of a colour pretraining view"),
        OptionSpec.ofDouble(JITTER_CHANCE, 0.8, "probability of jittering a colour view"),
        OptionSpec.ofChoice(HEAD, "on", "projection head on the network's outputs during"
            + " pretraining only (InfoNCE reads its outputs); off: InfoNCE on the outputs", "on",
            "off"),
        OptionSpec.ofInt(HEAD_WIDTH, 2048, "hidden width of the projection head (the authors':"
            + " their ResNet-50's feature width)"),
        OptionSpec.ofInt(HEAD_OUTPUTS, 128, "output width of the projection head"),
        OptionSpec.ofChoice(HEAD_ACTIVATION, "relu", "activation of the projection head, before"
            + " each of its two layers", "relu", "identity"));
  }

  /**
   * The projection head of pretraining ({@code head=on}, the default), or none ({@code
   * head=off}); widths below 1, and a head's shape given with {@code head=off}, are refused
   * naming the option.
   */
  static Optional<ProjectionHead> head(Options options) {
    if (options.getString(HEAD).equals("off")) {
      for (String shape : HEAD_SHAPE) {
        if (options.given(shape)) {
          throw new InvalidOptionException(shape, "option '" + shape + "' shapes the projection"
              + " head, which head=off leaves out");
        }
      }
      return Optional.empty();
    }
    return Optional.of(new ProjectionHead(
        DefenseOptions.atLeast(options, HEAD_WIDTH, 1),
        DefenseOptions.atLeast(options, HEAD_OUTPUTS, 1),
        ProjectionHead.Activation.named(options.getString(HEAD_ACTIVATION))));
  }

  /** {@code stage} with {@code head} on top of the network, if there is one. */
  static TrainingStage withHead(TrainingStage stage, Optional<ProjectionHead> head) {
    return head.map(stage::withHead).orElse(stage);
  }

  /** The code length, refusing 0 and negative lengths. */
  static int codeLength(Options options) {
    return DefenseOptions.atLeast(options, CODE_LENGTH, 1);
  }

  /** The temperature, refusing values that are not positive and finite. */
  static float temperature(Options options) {
    double tau = options.getDouble(TEMPERATURE);
    if (!(tau > 0) || !Double.isFinite(tau)) {
      throw new InvalidOptionException(
          TEMPERATURE, "option 'temperature' must be positive, got " + tau);
    }
    return (float) tau;
  }

  /** The column-separation weight lambda, refusing negative values. */
  static float columnWeight(Options options) {
    return (float) DefenseOptions.nonNegative(options, COLUMN_WEIGHT);
  }

  /** The two random views of pretraining, checked now (not at the first batch). */
  static List<DataView> views(Options options) {
    Augmentation view;
    try {
      view = new ContrastiveView(options.getDouble(CROP_SCALE), options.getDouble(JITTER),
          options.getDouble(JITTER_CHANCE));
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException(CROP_SCALE, e.getMessage());
    }
    return List.of(DataView.augmentedBy(view), DataView.augmentedBy(view));
  }

  /** The pretraining stage's settings: the run's, with the pretraining epochs if given. */
  static TrainingConfig pretrainConfig(Options options, TrainingConfig config) {
    if (!options.has(PRETRAIN_EPOCHS)) {
      return config;
    }
    return config.withEpochs(DefenseOptions.atLeast(options, PRETRAIN_EPOCHS, 1));
  }

  /**
   * Refuses a batch too small for a contrastive loss: InfoNCE needs another image as a negative.
   */
  static void checkBatch(String defense, TrainingConfig config) {
    if (config.batchSize() < 2) {
      throw new IllegalArgumentException(defense + " pretrains with InfoNCE (Eq. 2), which needs"
          + " at least 2 images per batch; the batch size is " + config.batchSize());
    }
  }
}
