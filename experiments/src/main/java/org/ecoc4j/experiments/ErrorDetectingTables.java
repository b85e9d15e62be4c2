package org.ecoc4j.experiments;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.evaluation.AttackResult;
import org.ecoc4j.evaluation.Metrics;
import org.ecoc4j.evaluation.OodResult;
import org.ecoc4j.evaluation.OutOfDistribution;
import org.ecoc4j.evaluation.WorstCaseResult;

/**
 * The error-detecting output codes paper's Tables 4 and 5 (Klimo et al. 2021) at CPU scale: each
 * output code and decision of its comparison is trained with {@code lenet} on Fashion-MNIST (the
 * bundled sample by default) and measured for accuracy among the class codewords (the paper's
 * "Accuracy", {@link Metrics#firstChoiceAccuracy}), full-codespace accuracy (its "FCA", {@link
 * Metrics#accuracy}), undetectable error, rejection and reliability (Table 4), rejection of
 * out-of-distribution images, the MNIST sample and uniform noise, at no threshold (Table 5), and,
 * beyond the paper, under attack: the papers' PGD on the training loss and the worst case over
 * the papers' attacks and an adaptive protocol ({@link #adaptive}: the codeword protocol, aimed at
 * an accepted wrong codeword, or the standard suite for one-hot).
 */
public final class ErrorDetectingTables {

  /** The tables' file in the output folder. */
  public static final String MARKDOWN = "tables.md";

  /** The tables' values, one line per configuration. */
  public static final String CSV = "tables.csv";

  /** The out-of-distribution dataset: another 1 x 28 x 28 dataset, so no transform is needed. */
  public static final String OOD_DATASET = "mnist";

  /**
   * One output code with its training loss and decision, as a row of the paper's Table 4.
   *
   * @param code the code's name in the table
   * @param decision the decision's name in the table
   * @param defense the defense plugin that trains it
   * @param options its options
   */
  public record Configuration(
      String code, String decision, String defense, Map<String, String> options) {

    /** Copies the options. */
    public Configuration {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(defense, "defense");
      options = Map.copyOf(options);
    }
  }

  /**
   * The paper's CNN1 rows that ecoc4j can train: CRC7 with the Zadeh loss and decision, CRC7 with
   * the bit threshold (per-bit MSE; a thresholded word that is no class codeword is rejected), the
   * 15-bit Hadamard code with the Euclid decision, CRC7 with softmax, and one-hot with softmax.
   */
  public static List<Configuration> configurations() {
    return List.of(
        new Configuration("CRC7", "Zadeh", "error-detecting", Map.of()),
        new Configuration("CRC7", "bit threshold", "error-detecting",
            Map.of("loss", "mse", "decoder", "bit-threshold", "decoder.max-errors", "0")),
        new Configuration("Hadamard (15 bits)", "Euclid", "error-detecting",
            Map.of("code", "hadamard", "code.drop-constant-column", "true", "decoder",
                "euclidean", "loss", "mse")),
        new Configuration("CRC7", "softmax", "error-detecting",
            Map.of("loss", "softmax", "decoder", "correlation-softmax")),
        new Configuration("one-hot", "softmax", "one-hot", Map.of()));
  }

  /**
   * One configuration's figures.
   *
   * @param configuration what was trained
   * @param clean the deployed decoder on the clean test images
   * @param mnist the deployed decoder on the out-of-distribution dataset's test images
   * @param noise the deployed decoder on uniform-noise images
   * @param pgd the papers' PGD at the suite's largest epsilon
   * @param worstCase the worst case over both protocols at that epsilon
   * @param report the whole evaluation, written to the report folder
   */
  public record Row(
      Configuration configuration, Metrics clean, OodResult mnist, OodResult noise,
      Metrics pgd, Metrics worstCase, DefenseReport report) {}

  /**
   * What the job produced.
   *
   * @param rows one per configuration, in {@link #configurations()} order
   * @param epsilon the attacks' epsilon reported in the tables
   * @param markdown the tables' file
   * @param text the tables in Markdown, as written there
   */
  public record Result(List<Row> rows, double epsilon, Path markdown, String text) {}

  private final PluginLookup plugins;
  private final PrintStream progress;

  /**
   * Creates the job.
   *
   * @param progress where progress goes (standard error), or {@code null} for none
   */
  public ErrorDetectingTables(PluginLookup plugins, PrintStream progress) {
    this.plugins = Objects.requireNonNull(plugins, "plugins");
    this.progress = progress;
  }

  /**
   * Trains and measures every configuration, writes {@value #MARKDOWN}, {@value #CSV} and the
   * attack report ({@link ComparisonReport}, in {@code out/report}).
   *
   * @param oodSamples how many out-of-distribution (and noise) images to feed each model
   * @throws UncheckedIOException naming a file that could not be written
   */
  public Result run(Path out, Quickstart.Settings settings, int oodSamples) {
    if (oodSamples < 1) {
      throw new IllegalArgumentException("oodSamples must be positive, got " + oodSamples);
    }
    Dataset data = settings.openDataset(plugins);
    Dataset outside = plugins.find(DatasetProvider.class, OOD_DATASET).open(Map.of());
    TrainingConfig config = settings.trainingConfig();
    DefenseTrainer trainer = new DefenseTrainer(plugins);
    ProtocolEvaluator evaluator = new ProtocolEvaluator(plugins, progress);
    double epsilon = settings.suite().epsilons().stream().mapToDouble(Double::doubleValue).max()
        .orElseThrow();
    List<Row> rows = new ArrayList<>();
    for (Configuration c : configurations()) {
      say("error-detecting tables: training %s / %s (%s %s)", c.code(), c.decision(),
          c.defense(), c.options());
      TrainingRequest request =
          new TrainingRequest(c.defense(), c.options(), "lenet", settings.backend(),
              settings.backendOptions(), config, settings.seed(), settings.datasetOptions());
      try (TrainedDefense trained = trainer.train(request, data)) {
        DefenseReport evaluated =
            evaluator.evaluate(
                trained, settings.suite(), List.of(Protocol.PAPERS, adaptive(trained)));
        DefenseReport report = new DefenseReport(c.code() + " " + c.decision(),
            evaluated.result(), evaluated.protocols(), evaluated.provenance());
        OodResult mnist = OutOfDistribution.measure(trained.network(), trained.decoder(),
            OOD_DATASET + " test", outside.test(), List.of(), oodSamples, 100, List.of(0.0));
        OodResult noise = OutOfDistribution.measure(trained.network(), trained.decoder(),
            "uniform-noise", OutOfDistribution.noise(data.shape(), oodSamples, settings.seed()),
            List.of(), oodSamples, 100, List.of(0.0));
        rows.add(new Row(c, report.result().clean(), mnist, noise,
            pgd(report, epsilon), worstCase(report, epsilon), report));
      }
    }
    ComparisonReport.write(out.resolve("report"),
        "Error-detecting output codes on Fashion-MNIST (CPU scale): attacks",
        rows.stream().map(Row::report).toList());
    Path markdown = out.resolve(MARKDOWN);
    String text = markdown(rows, epsilon, data);
    write(markdown, text);
    write(out.resolve(CSV), csv(rows, epsilon));
    return new Result(List.copyOf(rows), epsilon, markdown, text);
  }

  /**
   * The adaptive protocol beside the papers': the codeword protocol for a network trained on
   * codewords, the standard suite (a margin on the logits) for one trained with cross-entropy,
   * which has no codewords to aim at.
   */
  static Protocol adaptive(TrainedDefense trained) {
    return trained.design().loss().kind() == LossSpec.Kind.CROSS_ENTROPY
        ? Protocol.STANDARD : Protocol.CODEWORDS;
  }

  private static Metrics pgd(DefenseReport report, double epsilon) {
    return report.result().attacks().stream()
        .filter(a -> a.attack().equals("pgd") && a.epsilon() == epsilon)
        .map(AttackResult::metrics)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "the attack suite has no pgd at epsilon " + epsilon));
  }

  private static Metrics worstCase(DefenseReport report, double epsilon) {
    return report.result().worstCase().stream()
        .filter(w -> w.epsilon() == epsilon)
        .map(WorstCaseResult::metrics)
        .findFirst()
        .orElseThrow();
  }

  /** The two tables in Markdown, with what each column means. */
  static String markdown(List<Row> rows, double epsilon, Dataset data) {
    StringBuilder s = new StringBuilder();
    s.append("# Error-detecting output codes, Tables 4 and 5 at CPU scale\n\n")
        .append("lenet on ").append(data.source()).append(" (").append(data.train().size())
        .append(" training images); percentages of ").append(rows.get(0).clean().samples())
        .append(" test images. Accuracy: the first choice among the class codewords is right (the")
        .append(" paper's \"Accuracy\"). FCA: the deployed decoder over its whole space decides")
        .append(" right (a word no class owns is rejected). Undetectable: a wrong class accepted.")
        .append(" Reliability = FCA / (FCA + undetectable).\n\n");
    s.append("| code | decision | accuracy | FCA | undetectable | rejected | reliability |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Row r : rows) {
      Metrics m = r.clean();
      s.append(cells(r.configuration().code(), r.configuration().decision(),
          pct(m.firstChoiceAccuracy()), pct(m.accuracy()), pct(m.undetectableError()),
          pct(m.rejectionRate()), pct(m.reliability())));
    }
    s.append("\nTable 5: rejected out-of-distribution images at no threshold (")
        .append(rows.get(0).mnist().metrics().samples()).append(" each).\n\n")
        .append("| code | decision | ").append(OOD_DATASET).append(" | uniform noise |\n")
        .append("| --- | --- | --- | --- |\n");
    for (Row r : rows) {
      s.append(cells(r.configuration().code(), r.configuration().decision(),
          pct(r.mnist().metrics().rejectionRate()), pct(r.noise().metrics().rejectionRate())));
    }
    s.append(String.format(Locale.ROOT, "%nUnder attack at epsilon %s (L-infinity): the papers'"
        + " PGD on the training loss, and the worst case per sample over the papers' attacks and"
        + " an adaptive protocol (the codeword protocol, APGD aimed at an accepted wrong codeword;"
        + " for one-hot, which has no codewords, the standard suite). An attack succeeds"
        + " only where a wrong class is accepted; a rejected adversarial image is counted as"
        + " rejected.%n%n", epsilon));
    s.append("| code | decision | PGD: right | PGD: rejected | PGD: undetectable | worst case: right"
            + " | worst case: rejected | worst case: undetectable |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Row r : rows) {
      s.append(cells(r.configuration().code(), r.configuration().decision(),
          pct(r.pgd().accuracy()), pct(r.pgd().rejectionRate()), pct(r.pgd().undetectableError()),
          pct(r.worstCase().accuracy()), pct(r.worstCase().rejectionRate()),
          pct(r.worstCase().undetectableError())));
    }
    return s.toString();
  }

  /** One line per configuration with every figure, fractions in [0, 1]. */
  static String csv(List<Row> rows, double epsilon) {
    StringBuilder s = new StringBuilder("code,decision,defense,accuracy,fca,undetectable,"
        + "rejected,reliability,ood_mnist_rejected,ood_noise_rejected,epsilon,pgd_right,"
        + "pgd_rejected,pgd_undetectable,worst_right,worst_rejected,worst_undetectable\n");
    for (Row r : rows) {
      Metrics m = r.clean();
      s.append(String.join(",", quote(r.configuration().code()),
          quote(r.configuration().decision()), r.configuration().defense(),
          num(m.firstChoiceAccuracy()), num(m.accuracy()), num(m.undetectableError()),
          num(m.rejectionRate()), num(m.reliability()),
          num(r.mnist().metrics().rejectionRate()), num(r.noise().metrics().rejectionRate()),
          num(epsilon), num(r.pgd().accuracy()), num(r.pgd().rejectionRate()),
          num(r.pgd().undetectableError()), num(r.worstCase().accuracy()),
          num(r.worstCase().rejectionRate()), num(r.worstCase().undetectableError())))
          .append('\n');
    }
    return s.toString();
  }

  private static String cells(String... cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  private static String pct(double fraction) {
    return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.1f", 100 * fraction);
  }

  private static String num(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
  }

  private static String quote(String text) {
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private void say(String format, Object... args) {
    if (progress != null) {
      progress.printf(format + "%n", args);
    }
  }
}
