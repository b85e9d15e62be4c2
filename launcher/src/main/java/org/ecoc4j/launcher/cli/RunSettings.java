package org.ecoc4j.launcher.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.experiments.TrainingRequest;
import org.ecoc4j.store.ImportedGraph;
import org.ecoc4j.store.TrainingRunFolder;

/**
 * The settings of a {@code train} run that its weights depend on, by the names a user knows
 * ({@code --learning-rate}, {@code -O defense.code-length}), as a resume compares them with the
 * interrupted run's. Those the checkpoint itself depends on ({@link #isFixed}: the defense and its
 * options, the architecture, the dataset, the backend, the seed, which draws the codebooks, and
 * the validation split that selects the deployed epoch) can
 * never change on resume; the others (epochs, batch size, learning rate, dataset and backend
 * options) only when the user says so.
 */
final class RunSettings {

  /** Backend options that steer a run without changing what it computes. */
  private static final Set<String> NOT_SETTINGS =
      Set.of(TrainingRunFolder.CHECKPOINT_OPTION, TrainingRunFolder.RESUME_OPTION, "progress",
          ImportedGraph.OPTION);

  private static final List<String> FIXED =
      List.of("--defense", "--architecture", "--dataset", "--backend", "--seed", "--validation",
          "-O defense.");

  private RunSettings() {}

  /**
   * The settings of {@code request}.
   *
   * @param dataset the dataset's name
   * @param architecture the architecture as the run names it: a zoo name, or an imported file's
   *     name with its SHA-256
   * @param validation the share of the test split held out to select the deployed epoch ({@code
   *     --validation}, a setting only when given: the epochs a run scored on one validation split
   *     cannot be compared with another's, so it never changes on resume)
   */
  static Map<String, String> of(TrainingRequest request, String dataset, String architecture,
      OptionalDouble validation) {
    Map<String, String> s = new LinkedHashMap<>();
    TrainingConfig c = request.config();
    s.put("--defense", request.defense());
    s.put("--architecture", architecture);
    s.put("--dataset", dataset);
    s.put("--backend", request.backend());
    s.put("--seed", Long.toString(request.seed()));
    validation.ifPresent(v -> s.put("--validation", Double.toString(v)));
    s.put("--epochs", Integer.toString(c.epochs()));
    s.put("--batch-size", Integer.toString(c.batchSize()));
    s.put("--learning-rate", Double.toString(c.learningRate()));
    request.defenseOptions().forEach((k, v) -> s.put("-O defense." + k, v));
    request.datasetOptions().forEach((k, v) -> s.put("-O dataset." + k, v));
    request.backendOptions().forEach((k, v) -> {
      if (!NOT_SETTINGS.contains(k)) {
        s.put("-O backend." + k, v);
      }
    });
    return s;
  }

  /** Whether the setting {@code name} can never change on resume. */
  static boolean isFixed(String name) {
    return FIXED.stream().anyMatch(name::startsWith);
  }

  /** {@code differences} as text: {@code --seed (1 there, 2 now), ...}. */
  static String describe(Map<String, List<String>> differences) {
    StringBuilder text = new StringBuilder();
    differences.forEach((name, values) -> text.append(text.length() == 0 ? "" : ", ")
        .append(name).append(" (").append(values.get(0)).append(" there, ")
        .append(values.get(1)).append(" now)"));
    return text.toString();
  }
}
