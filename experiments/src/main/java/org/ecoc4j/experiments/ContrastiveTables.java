package org.ecoc4j.experiments;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.evaluation.AttackResult;
import org.ecoc4j.evaluation.Metrics;
import org.ecoc4j.evaluation.WorstCaseResult;

/**
 * The contrastive ECOC paper's Table 4 (Chou and Chen) at CPU scale: its five models, the
 * supervised baseline ({@code one-hot}), SimCLR pretraining and fine-tuning ({@code simclr}),
 * {@code acl-pf}, {@code acl-cfpc} and {@code acl-tfc} (trained against the code table acl-cfpc
 * learned, written to {@code codes/acl-cfpc.txt}), each trained with {@code lenet} on Fashion-MNIST
 * (the bundled sample by default; every model on the same 80 % of its training split, the rest
 * being the generation split on which acl-pf and acl-cfpc learn their codes, as the paper's
 * Table 3 gives every model the same training split) and measured clean and under FGSM and PGD,
 * under the papers' protocol (the attacks on the training loss: for the acl models the
 * cross-entropy of the decoder's cosine softmax, Eq. 5-6, as the authors attack) and the adaptive one ({@link Protocol#ADAPTIVE}:
 * the same attacks on a margin of the class scores before the softmax, the cosines for the acl
 * models, the logits for the baselines).
 */
public final class ContrastiveTables {

  /** The table's file in the output folder. */
  public static final String MARKDOWN = "table4.md";

  /** The table's values, one line per model. */
  public static final String CSV = "table4.csv";

  /** Where the learned code tables are written, under the output folder. */
  public static final String CODES = "codes";

  /** The attacks of Table 4. */
  public static final List<String> ATTACKS = List.of("fgsm", "pgd");

  /**
   * One model of Table 4.
   *
   * @param model its name in the paper's table
   * @param defense the defense plugin that trains it
   * @param options its options ({@code acl-tfc}'s {@code codebook} is added when acl-cfpc has
   *     learned it)
   */
  public record Configuration(String model, String defense, Map<String, String> options) {

    /** Copies the options. */
    public Configuration {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(defense, "defense");
      options = Map.copyOf(options);
    }
  }

  /**
   * The paper's five models, in its column order; every acl model with code length {@code
   * codeLength} (the authors' default is 100).
   *
   * @throws IllegalArgumentException for a code length below 1
   */
  public static List<Configuration> configurations(int codeLength) {
    if (codeLength < 1) {
      throw new IllegalArgumentException("the code length must be positive, got " + codeLength);
    }
    Map<String, String> codes = Map.of("code-length", Integer.toString(codeLength));
    return List.of(
        new Configuration("Standard", "one-hot", Map.of()),
        new Configuration("SimCLR", "simclr", Map.of()),
        new Configuration("ACL-PF", "acl-pf", codes),
        new Configuration("ACL-CFPC", "acl-cfpc", codes),
        new Configuration("ACL-TFC", "acl-tfc", Map.of()));
  }

  /**
   * One model's figures: accuracy on the clean test images and on FGSM's and PGD's adversarial
   * images under each protocol, and the worst case per sample over all four attacks.
   *
   * @param configuration what was trained, with the options it was trained with
   * @param clean the deployed decoder on the clean test images
   * @param papersFgsm FGSM on the training loss
   * @param papersPgd PGD on the training loss
   * @param adaptiveFgsm FGSM on the adaptive objective
   * @param adaptivePgd PGD on the adaptive objective
   * @param worstCase the worst case per sample over the four attacks
   * @param report the whole evaluation, written to the report folder
   * @param splits the model's data splits and the epoch selected on the validation split
   */
  public record Row(
      Configuration configuration, Metrics clean, Metrics papersFgsm, Metrics papersPgd,
      Metrics adaptiveFgsm, Metrics adaptivePgd, Metrics worstCase, DefenseReport report,
      TrainingSplits splits) {}

  /**
   * What the job produced.
   *
   * @param rows one per model, in {@link #configurations} order
   * @param epsilon the attacks' L-infinity radius
   * @param markdown the table's file
   * @param text the table in Markdown, as written there
   */
  public record Result(List<Row> rows, double epsilon, Path markdown, String text) {}

  private final PluginLookup plugins;
  private final PrintStream progress;

  /**
   * Creates the job.
   *
   * @param progress where progress goes (standard error), or {@code null} for none
   */
  public ContrastiveTables(PluginLookup plugins, PrintStream progress) {
    this.plugins = Objects.requireNonNull(plugins, "plugins");
    this.progress = progress;
  }

  /**
   * Trains and measures every model, writes {@value #MARKDOWN}, {@value #CSV}, the learned code
   * tables (in {@value #CODES}) and the attack report ({@link ComparisonReport}, in {@code
   * out/report}).
   *
   * @param settings the epochs (of each training stage), data, attacks (the suite's attacks are
   *     replaced by {@link #ATTACKS}; its first epsilon is used), backend and seed
   * @param codeLength the acl models' code length
   * @throws UncheckedIOException naming a file that could not be written
   */
  public Result run(Path out, Quickstart.Settings settings, int codeLength) {
    List<Configuration> configurations = configurations(codeLength);
    double epsilon = settings.suite().epsilons().get(0);
    AttackSuite suite = new AttackSuite(ATTACKS, List.of(epsilon), settings.suite().steps(),
        settings.suite().samples(), settings.suite().batchSize(), settings.suite().seed(),
        settings.suite().standard());
    Dataset data = settings.openDataset(plugins);
    TrainingConfig config = settings.trainingConfig();
    DefenseTrainer trainer = new DefenseTrainer(plugins).selectingOnValidation();
    ProtocolEvaluator evaluator = new ProtocolEvaluator(plugins, progress);
    Dataset sameTrainingImages = new PartialDataset(
        data, DefenseTrainer.generationSplits(data.train(), settings.seed()).get(0), data.test());
    Map<String, Path> learned = new LinkedHashMap<>();
    List<Row> rows = new ArrayList<>();
    for (Configuration listed : configurations) {
      Configuration c = listed.defense().equals("acl-tfc")
          ? withCodebook(listed, learned.get("acl-cfpc")) : listed;
      say("contrastive table: training %s (%s %s), %d epochs a stage", c.model(), c.defense(),
          c.options(), settings.epochs());
      TrainingRequest request =
          new TrainingRequest(c.defense(), c.options(), "lenet", settings.backend(),
              settings.backendOptions(), config, settings.seed(), settings.datasetOptions());
      boolean learns = plugins.find(Defense.class, c.defense())
          .prepare(data.classes(), settings.seed(), c.options(), plugins).learnsCodes();
      try (TrainedDefense trained =
          trainer.train(request, learns ? data : sameTrainingImages)) {
        if (trained.design().learnsCodes()) {
          Path file = out.resolve(CODES).resolve(c.defense() + ".txt");
          writeTable(trained, file);
          learned.put(c.defense(), file);
        }
        DefenseReport evaluated = evaluator.evaluate(
            trained, suite, List.of(Protocol.PAPERS, Protocol.ADAPTIVE));
        DefenseReport report = new DefenseReport(c.model(), evaluated.result(),
            evaluated.protocols(), evaluated.provenance());
        String adaptive = trained.design().adaptiveObjective();
        rows.add(new Row(c, report.result().clean(),
            attack(report, "fgsm", epsilon), attack(report, "pgd", epsilon),
            attack(report, "fgsm-" + adaptive, epsilon), attack(report, "pgd-" + adaptive, epsilon),
            worstCase(report, epsilon), report, trained.splits()));
      }
    }
    ComparisonReport.write(out.resolve("report"),
        "Contrastive ECOC on Fashion-MNIST (CPU scale): Table 4's attacks",
        rows.stream().map(Row::report).toList());
    Path markdown = out.resolve(MARKDOWN);
    String text = markdown(rows, epsilon, suite.steps(), data, sameTrainingImages.train().size(),
        settings.epochs());
    write(markdown, text);
    write(out.resolve(CSV), csv(rows, epsilon));
    return new Result(List.copyOf(rows), epsilon, markdown, text);
  }

  private static Configuration withCodebook(Configuration tfc, Path cfpcTable) {
    if (cfpcTable == null) {
      throw new IllegalStateException("acl-tfc needs the code table acl-cfpc learned: train"
          + " acl-cfpc first");
    }
    Map<String, String> options = new LinkedHashMap<>(tfc.options());
    options.put("codebook", cfpcTable.toString());
    return new Configuration(tfc.model(), tfc.defense(), options);
  }

  private static void writeTable(TrainedDefense trained, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      trained.design().codeTables().get(0).write(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static Metrics attack(DefenseReport report, String name, double epsilon) {
    return report.result().attacks().stream()
        .filter(a -> a.attack().equals(name) && a.epsilon() == epsilon)
        .map(AttackResult::metrics)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "the evaluation of " + report.label() + " has no " + name + " at epsilon " + epsilon));
  }

  private static Metrics worstCase(DefenseReport report, double epsilon) {
    return report.result().worstCase().stream()
        .filter(w -> w.epsilon() == epsilon)
        .map(WorstCaseResult::metrics)
        .findFirst()
        .orElseThrow();
  }

  /** Table 4 in Markdown, with what each column means. */
  static String markdown(List<Row> rows, double epsilon, int steps, Dataset data,
      int trainedOn, int epochs) {
    StringBuilder s = new StringBuilder();
    s.append("# Contrastive ECOC, Table 4 at CPU scale\n\n")
        .append("lenet on ").append(data.source()).append(" (every model trains on ")
        .append(trainedOn).append(" of its ").append(data.train().size())
        .append(" training images, the others being the generation split of acl-pf and acl-cfpc; ")
        .append(epochs).append(" epochs a stage); accuracy % of ")
        .append(rows.get(0).clean().samples()).append(" test images. FGSM and PGD (")
        .append(steps).append(" steps, random start) at L-infinity epsilon ")
        .append(String.format(Locale.ROOT, "%s", epsilon))
        .append(". Papers' protocol: the attacks on the training loss (the cross-entropy of the")
        .append(" decoder's softmax). Adaptive: the same attacks on a margin of the class scores")
        .append(" before the softmax (cosines with the class codes; logits for Standard and")
        .append(" SimCLR). Worst case: per sample over the four attacks. Each model deploys the")
        .append(" epoch of its last stage with the best accuracy on ")
        .append(rows.get(0).splits().validation())
        .append(" validation images held out of the test split (selected epoch).\n\n");
    s.append("| model | clean | FGSM (papers') | PGD (papers') | FGSM (adaptive) | PGD (adaptive)"
            + " | worst case | selected epoch |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Row r : rows) {
      s.append("| ").append(String.join(" | ", r.configuration().model(),
          pct(r.clean().accuracy()), pct(r.papersFgsm().accuracy()),
          pct(r.papersPgd().accuracy()), pct(r.adaptiveFgsm().accuracy()),
          pct(r.adaptivePgd().accuracy()), pct(r.worstCase().accuracy()),
          r.splits().selectedEpoch().isPresent()
              ? Integer.toString(r.splits().selectedEpoch().getAsInt()) : "last"))
          .append(" |\n");
    }
    return s.toString();
  }

  /** One line per model with every figure, fractions in [0, 1]. */
  static String csv(List<Row> rows, double epsilon) {
    StringBuilder s = new StringBuilder("model,defense,epsilon,clean,papers_fgsm,papers_pgd,"
        + "adaptive_fgsm,adaptive_pgd,worst_case,selected_epoch\n");
    for (Row r : rows) {
      s.append(String.join(",", r.configuration().model(), r.configuration().defense(),
          num(epsilon), num(r.clean().accuracy()), num(r.papersFgsm().accuracy()),
          num(r.papersPgd().accuracy()), num(r.adaptiveFgsm().accuracy()),
          num(r.adaptivePgd().accuracy()), num(r.worstCase().accuracy()),
          r.splits().selectedEpoch().isPresent()
              ? Integer.toString(r.splits().selectedEpoch().getAsInt()) : "")).append('\n');
    }
    return s.toString();
  }

  private static String pct(double fraction) {
    return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.1f", 100 * fraction);
  }

  private static String num(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.4f", value);
  }

  /** Writes {@code text} atomically: a temporary file beside {@code file}, then a move. */
  private static void write(Path file, String text) {
    Path absolute = file.toAbsolutePath();
    try {
      Files.createDirectories(absolute.getParent());
      Path temporary = Files.createTempFile(absolute.getParent(), ".table", ".tmp");
      try {
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
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
