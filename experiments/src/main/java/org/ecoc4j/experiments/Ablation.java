package org.ecoc4j.experiments;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.Dataset;

/**
 * The random binary ensemble paper's ablations at CPU scale on the bundled Fashion-MNIST sample
 * with {@code lenet}: independent (MRBC) against shared (SRBC) codebooks, ensemble size 1, 3
 * and 5, and code length 16, 32 and 64, each variant trained once and attacked under the papers'
 * protocol and the standard suite.
 */
public final class Ablation {

  /**
   * One variant of {@code random-binary-ensemble}.
   *
   * @param group the ablation it belongs to
   * @param label its label in that ablation
   * @param options its defense options
   */
  public record Variant(String group, String label, Map<String, String> options) {

    /** Copies the options. */
    public Variant {
      options = Map.copyOf(options);
    }
  }

  /** The paper's three ablations; the default design (MRBC, M = 3, K = 64) appears in each. */
  public static List<Variant> variants() {
    Map<String, String> base = Map.of("members", "3", "code-length", "64");
    List<Variant> v = new ArrayList<>();
    v.add(new Variant("codebooks", "MRBC", with(base, "codebooks", "independent")));
    v.add(new Variant("codebooks", "SRBC", with(base, "codebooks", "shared")));
    for (String m : List.of("1", "3", "5")) {
      v.add(new Variant("ensemble size", "M=" + m, with(base, "members", m)));
    }
    for (String k : List.of("16", "32", "64")) {
      v.add(new Variant("code length", "K=" + k, with(base, "code-length", k)));
    }
    return v;
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> m = new LinkedHashMap<>(base);
    m.put("codebooks", "independent");
    m.put(key, value);
    return m;
  }

  private final PluginLookup plugins;
  private final PrintStream progress;

  /**
   * Creates the experiment.
   *
   * @param progress where progress goes (standard error), or {@code null} for none
   */
  public Ablation(PluginLookup plugins, PrintStream progress) {
    this.plugins = Objects.requireNonNull(plugins, "plugins");
    this.progress = progress;
  }

  /**
   * Trains and attacks every distinct variant once and writes the comparison report (rows
   * labelled {@code group: label}) into {@code out}.
   *
   * @return the table, one row per variant and protocol
   */
  public ComparisonTable run(Path out, Quickstart.Settings settings) {
    Dataset data = settings.openDataset(plugins);
    TrainingConfig config = settings.trainingConfig();
    DefenseTrainer trainer = new DefenseTrainer(plugins);
    ProtocolEvaluator evaluator = new ProtocolEvaluator(plugins, progress);
    Map<Map<String, String>, DefenseReport> done = new LinkedHashMap<>();
    List<DefenseReport> rows = new ArrayList<>();
    for (Variant variant : variants()) {
      DefenseReport report = done.get(variant.options());
      if (report == null) {
        if (progress != null) {
          progress.printf("ablation: training %s %s%n", variant.group(), variant.label());
        }
        TrainingRequest request =
            new TrainingRequest("random-binary-ensemble", variant.options(), "lenet",
                settings.backend(), settings.backendOptions(), config, settings.seed(),
                settings.datasetOptions());
        try (TrainedDefense trained = trainer.train(request, data)) {
          report = evaluator.evaluate(trained, settings.suite(), Protocol.BOTH);
        }
        done.put(variant.options(), report);
      }
      rows.add(new DefenseReport(variant.group() + ": " + variant.label(), report.result(),
          report.protocols(), report.provenance()));
    }
    ComparisonReport.write(
        out, "Ablations of the random binary codebook ensemble on Fashion-MNIST (CPU scale)",
        rows);
    return ComparisonTable.of(rows);
  }
}
