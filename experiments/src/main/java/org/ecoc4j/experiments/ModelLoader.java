package org.ecoc4j.experiments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;

/**
 * Loads a saved defense back into a {@link TrainedDefense}: the defense is prepared again from
 * its recorded options and seed (its codebooks must equal the recorded ones), the network is
 * rebuilt by the backend from the checkpoint and deployed as the defense says ({@link
 * PreparedDefense#deploy}), and the dataset is opened by its name. A model whose epoch was
 * selected on a validation split is loaded {@link #leavingOutValidation leaving it out}, so that
 * it is evaluated on the images it was not selected on.
 */
public final class ModelLoader {

  private final PluginLookup plugins;
  private final OptionalDouble validationFraction;

  /** A loader that finds plugins with {@code plugins}. */
  public ModelLoader(PluginLookup plugins) {
    this(Objects.requireNonNull(plugins, "plugins"), OptionalDouble.empty());
  }

  private ModelLoader(PluginLookup plugins, OptionalDouble validationFraction) {
    this.plugins = plugins;
    this.validationFraction = validationFraction;
  }

  /**
   * A loader whose loaded defenses' test split leaves out the validation split a trainer {@link
   * DefenseTrainer#selectingOnValidation(double) selecting on} {@code fraction} of it held out
   * (the same images, from the request's seed: {@link DefenseTrainer#withoutValidation}); empty
   * for a model trained without selection, whose whole test split is used.
   *
   * @throws IllegalArgumentException unless a given fraction is in (0, 1)
   */
  public ModelLoader leavingOutValidation(OptionalDouble fraction) {
    fraction.ifPresent(DefenseTrainer::requireValidationFraction);
    return new ModelLoader(plugins, fraction);
  }

  /**
   * Loads a saved defense.
   *
   * @param r what was trained (defense, options, seed, architecture, backend)
   * @param dataset the dataset provider's name
   * @param datasetOptions options of the dataset provider (e.g. {@code data-dir}); empty for the
   *     bundled sample
   * @param recorded the members' codebooks as saved
   * @param checkpoint the backend's checkpoint
   * @return the trained defense; close it
   * @throws UncheckedIOException when the codebooks differ from the recorded ones
   * @throws IllegalArgumentException when the checkpoint does not hold the model
   */
  public TrainedDefense load(
      TrainingRequest r,
      String dataset,
      Map<String, String> datasetOptions,
      List<Codebook> recorded,
      Path checkpoint) {
    return load(r, dataset, datasetOptions, recorded, List.of(), checkpoint);
  }

  /**
   * Loads a saved defense with the code tables it learned (see {@link
   * PreparedDefense#learnsCodes}); for other defenses {@code learned} is ignored.
   */
  public TrainedDefense load(
      TrainingRequest r,
      String dataset,
      Map<String, String> datasetOptions,
      List<Codebook> recorded,
      List<CodeTable> learned,
      Path checkpoint) {
    return load(
        r.withDatasetOptions(datasetOptions),
        plugins.find(DatasetProvider.class, dataset).open(datasetOptions), recorded, learned,
        checkpoint);
  }

  /**
   * Loads a saved defense for a dataset already open (for example one the user named to attack
   * it on).
   *
   * @param r what was trained (defense, options, seed, architecture, backend and its options)
   * @param data the dataset, whose classes the defense is prepared for
   * @param recorded the members' codebooks as saved
   * @param checkpoint the backend's checkpoint
   * @return the trained defense, with its own training loss; close it
   * @throws UncheckedIOException when the codebooks differ from the recorded ones
   * @throws IllegalArgumentException when the checkpoint does not hold the model
   */
  public TrainedDefense load(
      TrainingRequest r, Dataset data, List<Codebook> recorded, Path checkpoint) {
    return load(r, data, recorded, List.of(), checkpoint);
  }

  /**
   * Loads a saved defense for a dataset already open, with the code tables it learned (see
   * {@link PreparedDefense#learnsCodes}); for other defenses {@code learned} is ignored.
   *
   * @param learned the code tables saved with a defense that learns its codes
   * @throws IllegalArgumentException when a defense that learns its codes has no saved tables
   */
  public TrainedDefense load(TrainingRequest r, Dataset whole, List<Codebook> recorded,
      List<CodeTable> learned, Path checkpoint) {
    Dataset data = validationFraction.isPresent()
        ? DefenseTrainer.withoutValidation(whole, r.seed(), validationFraction.getAsDouble())
        : whole;
    PreparedDefense prepared =
        plugins.find(Defense.class, r.defense())
            .prepare(data.classes(), r.seed(), r.defenseOptions(), plugins);
    if (prepared.learnsCodes() && learned.isEmpty()) {
      throw new IllegalArgumentException(r.defense() + " learns its codes from the trained"
          + " network; the saved model holds no code table");
    }
    PreparedDefense design = prepared.learnsCodes() ? prepared.withCodeTables(learned) : prepared;
    if (!design.codebooks().equals(recorded)) {
      throw new UncheckedIOException(new IOException(
          "the saved codebooks differ from the codebooks " + r.defense()
              + " draws for its recorded options and seed " + r.seed()));
    }
    PreparedDecoder decoder =
        DefenseTrainer.bind(plugins.find(Decoder.class, design.decoder()), design);
    TrainedNetwork network =
        plugins.find(Backend.class, r.backend())
            .load(design.model(r.architecture(), data.shape()), design.loss(),
                checkpoint, r.backendOptions());
    return new TrainedDefense(r, design, design.deploy(network), decoder, data, 0);
  }
}
