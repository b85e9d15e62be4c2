package org.ecoc4j.experiments;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingStage;

/**
 * Trains a defense: binds it to the dataset's classes, builds its members on the backend, trains
 * them together through the defense's stages on the training split, with the dataset's training
 * augmentation (the test split is scored after each epoch), deploys the network as the defense
 * says ({@link PreparedDefense#deploy}) and binds the deployed decoder. A defense that learns its
 * codes (contrastive ECOC) trains on 80% of the training split and learns them from the deployed
 * network's outputs on the other 20%, held out stratified and seeded with the request's seed (the
 * generation split, Eq. 3). When a stage generated its code table between stages from the
 * previous stage's network on that split (ACL-PF, {@link
 * org.ecoc4j.api.training.StagePreparation}), the last table generated is the deployed one.
 */
public final class DefenseTrainer {

  /**
   * Share of the test split held out, stratified, as the validation split of {@link
   * #selectingOnValidation()} (the authors' code takes the validation part from the test set).
   */
  public static final double VALIDATION_FRACTION = 0.2;

  private final PluginLookup plugins;
  private final boolean selecting;
  private final double validationFraction;

  /** A trainer that finds defenses, generators, decoders and backends with {@code plugins}. */
  public DefenseTrainer(PluginLookup plugins) {
    this(Objects.requireNonNull(plugins, "plugins"), false, 0);
  }

  private DefenseTrainer(PluginLookup plugins, boolean selecting, double validationFraction) {
    this.plugins = plugins;
    this.selecting = selecting;
    this.validationFraction = validationFraction;
  }

  /**
   * A trainer that selects the deployed epoch on a validation split (the contrastive ECOC
   * paper's Table 3 and Sec. 3.1: "the validation subset evaluates the best model for
   * testing"): {@value #VALIDATION_FRACTION} of the test split, stratified and seeded with the
   * request's seed, is held out, scored after each epoch, and the last stage's epoch of the
   * highest validation accuracy (the earliest of equals) is deployed; the trained defense's test
   * split is the rest, and the test split is no longer scored during training. The selected
   * epoch and every split's sample count are recorded ({@link TrainedDefense#splits()}).
   */
  public DefenseTrainer selectingOnValidation() {
    return selectingOnValidation(VALIDATION_FRACTION);
  }

  /**
   * As {@link #selectingOnValidation()}, holding out {@code fraction} of the test split as the
   * validation split (recorded as {@link TrainingSplits#validationFraction()}).
   *
   * @throws IllegalArgumentException unless 0 &lt; {@code fraction} &lt; 1
   */
  public DefenseTrainer selectingOnValidation(double fraction) {
    requireValidationFraction(fraction);
    return new DefenseTrainer(plugins, true, fraction);
  }

  /**
   * Refuses a validation fraction outside (0, 1): the validation split and the part evaluated
   * must both hold images.
   *
   * @throws IllegalArgumentException naming the value
   */
  public static void requireValidationFraction(double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("the validation fraction must be between 0 and 1"
          + " (exclusive), got " + fraction);
    }
  }

  /**
   * The test split cut, stratified and seeded, into the part evaluated and the validation part
   * ({@code fraction} of it), in that order.
   */
  static List<Split> validationSplits(Split test, long seed, double fraction) {
    return StratifiedSplits.of(test, List.of("test", "validation"),
        new double[] {1 - fraction, fraction}, seed);
  }

  /**
   * {@code dataset} without the validation split a trainer {@link #selectingOnValidation(double)
   * selecting on} {@code fraction} of its test split with {@code seed} held out: the same images
   * that trainer evaluated on, so that a saved model is not evaluated on the images that chose
   * its epoch.
   *
   * @throws IllegalArgumentException unless 0 &lt; {@code fraction} &lt; 1
   */
  public static Dataset withoutValidation(Dataset dataset, long seed, double fraction) {
    requireValidationFraction(fraction);
    return new PartialDataset(
        dataset, dataset.train(), validationSplits(dataset.test(), seed, fraction).get(0));
  }

  /**
   * Trains {@code request} on {@code dataset}.
   *
   * @return the trained defense; close it
   * @throws IllegalArgumentException for unknown plugins, bad options or data that does not fit
   */
  public TrainedDefense train(TrainingRequest request, Dataset dataset) {
    PreparedDefense design =
        plugins.find(Defense.class, request.defense())
            .prepare(dataset.classes(), request.seed(), request.defenseOptions(), plugins);
    Decoder decoderPlugin = plugins.find(Decoder.class, design.decoder());
    PreparedDecoder fixed = design.learnsCodes() ? null : bind(decoderPlugin, design);
    GeneratedTableRecorder generated = new GeneratedTableRecorder();
    List<TrainingStage> stages = generated.recording(design.stages(request.config()));
    Split train = dataset.train();
    Split test = dataset.test();
    Split generation = null;
    Split validation = null;
    if (design.learnsCodes() || generated.anyStage()) {
      List<Split> parts = generationSplits(train, request.seed());
      train = parts.get(0);
      generation = parts.get(1);
    }
    if (selecting) {
      List<Split> parts = validationSplits(test, request.seed(), validationFraction);
      test = parts.get(0);
      validation = parts.get(1);
    }
    TrainingData data = new TrainingData(train,
        selecting ? Optional.empty() : Optional.of(test), dataset.trainingAugmentation());
    if (generation != null) {
      data = data.withGeneration(generation);
    }
    if (validation != null) {
      data = data.withValidation(validation);
    }
    ModelSpec model = design.model(request.architecture(), dataset.shape());
    long start = System.nanoTime();
    Backend backend = plugins.find(Backend.class, request.backend());
    TrainedNetwork network = backend.train(model, stages, data, request.backendOptions());
    double seconds = (System.nanoTime() - start) / 1e9;
    TrainedNetwork deployed = design.deploy(network);
    try {
      if (generated.table().isPresent()) {
        design = design.withCodeTables(List.of(generated.table().get()));
      } else if (design.learnsCodes()) {
        design = design.learnCodes(outputs(deployed, generation), generation.labels());
      }
      if (attackedWithAnotherLoss(design, stages.get(stages.size() - 1).loss())) {
        deployed = DeployedLossNetwork.bind(
            deployed, backend, model, design.loss(), request.backendOptions());
      }
      PreparedDecoder decoder = fixed != null ? fixed : bind(decoderPlugin, design);
      TrainingSplits splits = new TrainingSplits(train.size(),
          generation == null ? 0 : generation.size(), validation == null ? 0 : validation.size(),
          test.size(), validationFraction, selecting
              ? OptionalInt.of(network.position().orElseThrow(() -> new IllegalStateException(
                  "backend " + request.backend() + " did not say which epoch it selected"))
                  .epochsDone())
              : OptionalInt.empty());
      Dataset evaluated = selecting ? new PartialDataset(dataset, dataset.train(), test) : dataset;
      return new TrainedDefense(request, design, deployed, decoder, evaluated, seconds, splits);
    } catch (RuntimeException e) {
      deployed.close();
      throw e;
    }
  }

  /**
   * Whether the network trained with {@code lastStageLoss} must be rebound to the design's
   * deployed loss before it is attacked ({@link DeployedLossNetwork}): for a design with
   * real-valued code tables and no +1/-1 codebook (contrastive ECOC), whose last stage trained
   * with another loss than the deployed one, so that an attack in the same process aims at what
   * {@code ecoc4j evaluate} aims at after loading the saved model. Other defenses keep their
   * network as trained.
   */
  static boolean attackedWithAnotherLoss(PreparedDefense design, LossSpec lastStageLoss) {
    return design.codebooks().isEmpty() && !design.codeTables().isEmpty()
        && !design.loss().equals(lastStageLoss);
  }

  /**
   * The deployed decoder bound to the design's codes: its +1/-1 codebooks (which keep what a
   * table loses, a linear code's parity checks), or its real-valued code tables when it has no
   * binary codebook.
   */
  static PreparedDecoder bind(Decoder decoder, PreparedDefense design) {
    return bind(decoder, design, design.decoderOptions());
  }

  /** As {@link #bind(Decoder, PreparedDefense)}, under the given decoder options. */
  static PreparedDecoder bind(Decoder decoder, PreparedDefense design, Map<String, String> options) {
    return design.codebooks().isEmpty()
        ? decoder.prepareTables(design.codeTables(), options)
        : decoder.prepare(design.codebooks(), options);
  }

  /**
   * Share of the training split held out, stratified, to generate a learned codebook (the
   * contrastive ECOC paper's Table 3: 12,000 of Fashion-MNIST's 60,000 training images).
   */
  static final double GENERATION_FRACTION = 0.2;

  /**
   * The training split cut, stratified and seeded, into the part a defense that learns its codes
   * trains on and the generation part it learns them on ({@value #GENERATION_FRACTION} of it), in
   * that order: the same images for the same seed, so other models can train on the same part.
   */
  static List<Split> generationSplits(Split train, long seed) {
    return StratifiedSplits.of(train, List.of("train", "generation"),
        new double[] {1 - GENERATION_FRACTION, GENERATION_FRACTION}, seed);
  }

  private static final int CHUNK = 256;

  /** The network's outputs on every image of {@code split}, in order. */
  static float[] outputs(TrainedNetwork network, Split split) {
    int size = split.shape().size();
    int width = network.spec().outputWidth();
    float[] all = new float[split.size() * width];
    for (int from = 0; from < split.size(); from += CHUNK) {
      int count = Math.min(CHUNK, split.size() - from);
      float[] images = new float[count * size];
      for (int i = 0; i < count; i++) {
        split.copyImage(from + i, images, i * size);
      }
      System.arraycopy(network.scores(images, count), 0, all, from * width, count * width);
    }
    return all;
  }
}
