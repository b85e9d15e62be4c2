package org.ecoc4j.experiments;

import java.util.Objects;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.training.TrainingData;

/**
 * Trains a defense: binds it to the dataset's classes, builds its members on the backend, trains
 * them together through the defense's stages on the training split, with the dataset's training
 * augmentation (the test split is scored after each epoch), deploys the network as the defense
 * says ({@link PreparedDefense#deploy}) and binds the deployed decoder.
 */
public final class DefenseTrainer {

  private final PluginLookup plugins;

  /** A trainer that finds defenses, generators, decoders and backends with {@code plugins}. */
  public DefenseTrainer(PluginLookup plugins) {
    this.plugins = Objects.requireNonNull(plugins, "plugins");
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
    PreparedDecoder decoder =
        plugins.find(Decoder.class, design.decoder())
            .prepare(design.codebooks(), design.decoderOptions());
    ModelSpec model = design.model(request.architecture(), dataset.shape());
    long start = System.nanoTime();
    TrainedNetwork network =
        plugins.find(Backend.class, request.backend())
            .train(
                model,
                design.stages(request.config()),
                TrainingData.of(dataset),
                request.backendOptions());
    double seconds = (System.nanoTime() - start) / 1e9;
    return new TrainedDefense(request, design, design.deploy(network), decoder, dataset, seconds);
  }
}
