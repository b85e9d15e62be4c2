package org.ecoc4j.experiments;

import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.backend.TrainingConfig;

/**
 * What {@code ecoc4j train} trains: a defense with its options on a zoo architecture, with a
 * backend, a training configuration and a seed (codebooks and weights).
 *
 * @param defense the defense plugin's name
 * @param defenseOptions its options
 * @param architecture the zoo architecture, e.g. {@code lenet}, or the name of an imported ONNX
 *     file that the backend options hand to the backend
 * @param backend the backend plugin's name, e.g. {@code ort}
 * @param backendOptions its options
 * @param config epochs, batch size, AdamW settings and seed of the weights and shuffling
 * @param seed seed of the defense's codebooks
 * @param datasetOptions every option value the dataset was opened with, for provenance
 */
public record TrainingRequest(
    String defense,
    Map<String, String> defenseOptions,
    String architecture,
    String backend,
    Map<String, String> backendOptions,
    TrainingConfig config,
    long seed,
    Map<String, String> datasetOptions) {

  /** Copies the option maps. */
  public TrainingRequest {
    Objects.requireNonNull(defense, "defense");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(config, "config");
    defenseOptions = Map.copyOf(defenseOptions);
    backendOptions = Map.copyOf(backendOptions);
    datasetOptions = Map.copyOf(datasetOptions);
  }

  /** A request on data opened with the dataset's defaults (no dataset options recorded). */
  public TrainingRequest(
      String defense,
      Map<String, String> defenseOptions,
      String architecture,
      String backend,
      Map<String, String> backendOptions,
      TrainingConfig config,
      long seed) {
    this(defense, defenseOptions, architecture, backend, backendOptions, config, seed, Map.of());
  }

  /** A copy recording the options the dataset was opened with. */
  public TrainingRequest withDatasetOptions(Map<String, String> options) {
    return new TrainingRequest(
        defense, defenseOptions, architecture, backend, backendOptions, config, seed, options);
  }

  /** A copy with another backend and its options (a backend that reads the same checkpoints). */
  public TrainingRequest withBackend(String name, Map<String, String> options) {
    return new TrainingRequest(
        defense, defenseOptions, architecture, name, options, config, seed, datasetOptions);
  }

  /** A copy with other defense options. */
  public TrainingRequest withDefense(String name, Map<String, String> options) {
    return new TrainingRequest(
        name, options, architecture, backend, backendOptions, config, seed, datasetOptions);
  }
}
