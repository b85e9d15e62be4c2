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
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.evaluation.AttackResult;
import org.ecoc4j.evaluation.EvaluationResult;
import org.ecoc4j.evaluation.MeanOverDraws;
import org.ecoc4j.evaluation.Metrics;
import org.ecoc4j.evaluation.WorstCaseResult;

/**
 * Coded-smoothing (Moradi et al.) beside the baselines its reviewers compared it with, at CPU
 * scale: ERM ({@code one-hot}), Mixup ({@code mixup}) and {@code coded-smoothing} deployed plain
 * and with randomized coded inference (RCI), coded around the whole network and around one block
 * of it (option {@code block}: the encoder applied to the activations entering the block, the
 * decoder to its outputs, in training and in RCI), each trained with {@code lenet} on
 * Fashion-MNIST (the bundled sample by default; each coded-smoothing model is trained once and
 * its checkpoint deployed both ways; the block's model trains first, so that a block lenet does
 * not declare is refused, naming lenet's blocks, before the other models train; every model is
 * evaluated as saved and loaded, so that the attacked training loss is the deployed network's,
 * not a training stage's mixed-batch loss), measured clean and under FGSM, PGD and EOT-PGD
 * ({@code eot} around {@code pgd}, its draws recorded) at every epsilon of the suite, on the
 * training loss. A deterministic defense's EOT-PGD would repeat its PGD (each draw the same
 * gradient), so it runs only against RCI. RCI is evaluated as a randomized, batch-coupled defense
 * ({@link ProtocolEvaluator#rescoring}): test batches of K, every decision drawn several times,
 * the worst case over draws as the main figure and the mean over draws beside it.
 */
public final class CodedSmoothingTables {

  /** The table's file in the output folder. */
  public static final String MARKDOWN = "coded-smoothing.md";

  /** The table's values, one line per configuration, attack and epsilon. */
  public static final String CSV = "coded-smoothing.csv";

  /**
   * The lenet block coded around in the block rows unless another is asked for. The paper's
   * abstract and the design notes say only "the model (or one block)"; {@code conv2} is lenet's
   * middle block, the only one whose input and output are both learned features (around {@code
   * conv1} the encoder mixes pixels and around {@code head} the decoder decodes the logits, as
   * coding the whole network does).
   */
  public static final String BLOCK = "conv2";

  /** The attacks of every configuration: FGSM and PGD on the training loss. */
  static final List<String> ATTACKS = List.of("fgsm", "pgd");

  /** The attack a randomized configuration also runs: EOT around PGD. */
  static final String EOT = "eot";

  private static final String INFERENCE_OPTION = "inference";
  private static final String BLOCK_OPTION = "block";
  private static final String RCI = "rci";

  /**
   * One trained and deployed model, a row of the table.
   *
   * @param label the row's name
   * @param defense the defense plugin that trains it
   * @param options its options
   */
  public record Configuration(String label, String defense, Map<String, String> options) {

    /** Copies the options. */
    public Configuration {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(defense, "defense");
      options = Map.copyOf(options);
    }

    /**
     * The trained model this row deploys, also its checkpoint's name: the defense, and the block
     * coded around if any ({@code coded-smoothing-conv2}); the plain and RCI rows share it.
     */
    public String model() {
      String block = options.get(BLOCK_OPTION);
      return block == null ? defense : defense + "-" + block;
    }
  }

  /**
   * ERM (one-hot), Mixup (alpha 1), coded-smoothing with plain inference and with RCI, then
   * coded-smoothing coded around lenet's {@code block} with plain inference and with RCI; {@code
   * coded} holds coded-smoothing's options (its defaults when empty), used by its four rows.
   *
   * @throws IllegalArgumentException when {@code coded} sets {@code inference} or {@code block}
   *     (set per row), or {@code block} is blank
   */
  public static List<Configuration> configurations(Map<String, String> coded, String block) {
    for (String perRow : List.of(INFERENCE_OPTION, BLOCK_OPTION)) {
      if (coded.containsKey(perRow)) {
        throw new IllegalArgumentException("the coded-smoothing options must not set '" + perRow
            + "': the table sets it per row");
      }
    }
    if (Objects.requireNonNull(block, "block").isBlank()) {
      throw new IllegalArgumentException("the block to code around is blank");
    }
    Map<String, String> aroundBlock = new LinkedHashMap<>(coded);
    aroundBlock.put(BLOCK_OPTION, block.strip());
    String around = "coded-smoothing around " + block.strip();
    return List.of(
        new Configuration("ERM (one-hot)", "one-hot", Map.of()),
        new Configuration("Mixup (alpha 1)", "mixup", Map.of("alpha", "1.0")),
        new Configuration("coded-smoothing, plain", "coded-smoothing", coded),
        new Configuration("coded-smoothing, RCI", "coded-smoothing", withRci(coded)),
        new Configuration(around + ", plain", "coded-smoothing", aroundBlock),
        new Configuration(around + ", RCI", "coded-smoothing", withRci(aroundBlock)));
  }

  private static Map<String, String> withRci(Map<String, String> options) {
    Map<String, String> rci = new LinkedHashMap<>(options);
    rci.put(INFERENCE_OPTION, RCI);
    return rci;
  }

  /**
   * The order the configurations' models are trained in: those coded around a block first (a
   * block the architecture does not declare is refused when its training starts, so it is
   * refused before the other models have trained), then the others in table order; each model
   * once.
   */
  static List<Configuration> trainingOrder(List<Configuration> configurations) {
    Map<String, Configuration> models = new LinkedHashMap<>();
    configurations.stream().filter(c -> c.options().containsKey(BLOCK_OPTION))
        .forEach(c -> models.putIfAbsent(c.model(), c));
    configurations.forEach(c -> models.putIfAbsent(c.model(), c));
    return List.copyOf(models.values());
  }

  /**
   * One configuration's evaluation.
   *
   * @param configuration what was trained and deployed
   * @param report the whole evaluation, written to the report folder
   */
  public record Row(Configuration configuration, DefenseReport report) {

    /** The evaluation's figures. */
    public EvaluationResult result() {
      return report.result();
    }

    /** The metrics of {@code attack} at {@code epsilon}, or {@code null} when it did not run. */
    public Metrics attack(String attack, double epsilon) {
      return find(result().attacks(), attack, epsilon);
    }

    /** The mean over draws of {@code attack} at {@code epsilon}, or {@code null}. */
    public Metrics meanOf(String attack, double epsilon) {
      MeanOverDraws draws = result().draws();
      return draws == null ? null : find(draws.attacks(), attack, epsilon);
    }

    /** The per-sample worst case over the attacks at {@code epsilon}. */
    public Metrics worstCase(double epsilon) {
      return result().worstCase().stream()
          .filter(w -> w.epsilon() == epsilon)
          .map(WorstCaseResult::metrics)
          .findFirst()
          .orElseThrow();
    }

    private static Metrics find(List<AttackResult> results, String attack, double epsilon) {
      return results.stream()
          .filter(a -> a.attack().equals(attack) && a.epsilon() == epsilon)
          .map(AttackResult::metrics)
          .findFirst()
          .orElse(null);
    }
  }

  /**
   * What the job produced.
   *
   * @param rows one per configuration, in {@link #configurations} order
   * @param markdown the table's file
   * @param text the table in Markdown, as written there
   * @param seconds wall time of the whole job
   */
  public record Result(List<Row> rows, Path markdown, String text, double seconds) {}

  private final PluginLookup plugins;
  private final PrintStream progress;
  private final int rescoringDraws;

  /**
   * Creates the job, RCI re-scored over {@value ProtocolEvaluator#RESCORING_DRAWS} draws.
   *
   * @param progress where progress goes (standard error), or {@code null} for none
   */
  public CodedSmoothingTables(PluginLookup plugins, PrintStream progress) {
    this(plugins, progress, ProtocolEvaluator.RESCORING_DRAWS);
  }

  private CodedSmoothingTables(PluginLookup plugins, PrintStream progress, int rescoringDraws) {
    this.plugins = Objects.requireNonNull(plugins, "plugins");
    this.progress = progress;
    this.rescoringDraws = ProtocolEvaluator.requireDraws(rescoringDraws);
  }

  /**
   * This job with each RCI decision drawn {@code draws} times ({@link
   * ProtocolEvaluator#withRescoringDraws}).
   *
   * @throws IllegalArgumentException when {@code draws} is below 1
   */
  public CodedSmoothingTables withRescoringDraws(int draws) {
    return new CodedSmoothingTables(plugins, progress, draws);
  }

  /**
   * Trains and measures every configuration; writes {@value #MARKDOWN}, {@value #CSV}, the
   * attack report ({@link ComparisonReport}, in {@code out/report}) and each trained network's
   * checkpoint ({@code out/models/MODEL.ckpt}, {@link Configuration#model}).
   *
   * @param settings epochs, dataset, the suite (its attacks are this job's, its epsilons, steps,
   *     samples, batch size and seed are used), backend and seed
   * @param coded coded-smoothing's options (its defaults when empty; {@code inference} and
   *     {@code block} are set per row)
   * @param block the lenet block the block rows code around ({@link #BLOCK} in the command)
   * @throws IllegalArgumentException when {@code coded} sets {@code inference} or {@code block},
   *     or (before any other model trains) when lenet declares no block {@code block}, naming the
   *     blocks it declares
   * @throws UncheckedIOException naming a file that could not be written
   */
  public Result run(Path out, Quickstart.Settings settings, Map<String, String> coded,
      String block) {
    List<Configuration> configurations = configurations(coded, block);
    long began = System.nanoTime();
    Dataset data = settings.openDataset(plugins);
    TrainingConfig config = settings.trainingConfig();
    DefenseTrainer trainer = new DefenseTrainer(plugins);
    for (Configuration c : trainingOrder(configurations)) {
      say("coded-smoothing tables: training %s (%s %s)", c.model(), c.defense(), c.options());
      try (TrainedDefense trained = trainer.train(request(c, settings, config), data)) {
        saveAtomically(trained, checkpoint(out, c));
      }
    }
    ProtocolEvaluator evaluator =
        new ProtocolEvaluator(plugins, progress).withRescoringDraws(rescoringDraws);
    List<Row> rows = new ArrayList<>();
    for (Configuration c : configurations) {
      TrainingRequest request = request(c, settings, config);
      try (TrainedDefense trained = new ModelLoader(plugins)
          .load(request, data, codebooks(plugins, request, data), checkpoint(out, c))) {
        AttackSuite suite = suite(settings.suite(), trained.design().randomized());
        DefenseReport evaluated = evaluator.evaluate(trained, suite, List.of(Protocol.PAPERS));
        rows.add(new Row(c, new DefenseReport(c.label(), evaluated.result(),
            evaluated.protocols(), evaluated.provenance())));
      }
    }
    ComparisonReport.write(out.resolve("report"),
        "Coded-smoothing beside ERM and Mixup on Fashion-MNIST (CPU scale)",
        rows.stream().map(Row::report).toList());
    double seconds = (System.nanoTime() - began) / 1e9;
    Path markdown = out.resolve(MARKDOWN);
    String eotDraws = plugins.find(Attack.class, EOT).options().stream()
        .filter(o -> o.name().equals("draws"))
        .map(OptionSpec::defaultValue)
        .findFirst()
        .orElseThrow();
    String text = markdown(rows, settings, data, eotDraws, rescoringDraws, seconds);
    write(markdown, text);
    write(out.resolve(CSV), csv(rows, settings.suite().epsilons()));
    return new Result(List.copyOf(rows), markdown, text, seconds);
  }

  private static TrainingRequest request(
      Configuration c, Quickstart.Settings settings, TrainingConfig config) {
    return new TrainingRequest(c.defense(), c.options(), "lenet", settings.backend(),
        settings.backendOptions(), config, settings.seed(), settings.datasetOptions());
  }

  private static Path checkpoint(Path out, Configuration c) {
    return out.resolve("models").resolve(c.model() + ".ckpt");
  }

  /** The suite's settings with this job's attacks: EOT-PGD added for a randomized defense. */
  static AttackSuite suite(AttackSuite settings, boolean randomized) {
    List<String> attacks = new ArrayList<>(ATTACKS);
    if (randomized) {
      attacks.add(EOT);
    }
    return new AttackSuite(attacks, settings.epsilons(), settings.steps(), settings.samples(),
        settings.batchSize(), settings.seed(), settings.standard());
  }

  /** The codebooks the request's defense draws (one-hot: the ones the checkpoint was saved with). */
  private static List<Codebook> codebooks(
      PluginLookup plugins, TrainingRequest request, Dataset data) {
    return plugins.find(Defense.class, request.defense())
        .prepare(data.classes(), request.seed(), request.defenseOptions(), plugins)
        .codebooks();
  }

  private static void saveAtomically(TrainedDefense trained, Path checkpoint) {
    try {
      Files.createDirectories(checkpoint.toAbsolutePath().getParent());
      Path partial = checkpoint.resolveSibling(checkpoint.getFileName() + ".partial");
      trained.network().saveCheckpoint(partial);
      Files.move(partial, checkpoint, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + checkpoint, e);
    }
  }

  /** The table in Markdown, with what each cell means. */
  static String markdown(List<Row> rows, Quickstart.Settings settings, Dataset data,
      String eotDraws, int rescoringDraws, double seconds) {
    List<Double> epsilons = settings.suite().epsilons();
    StringBuilder s = new StringBuilder();
    s.append("# Coded-smoothing beside ERM and Mixup at CPU scale\n\n")
        .append(String.format(Locale.ROOT, "lenet, %d epochs, on %s (%d training images);"
            + " accuracy %% of %d test images; L-infinity, untargeted, %d-step PGD on the"
            + " training loss; EOT-PGD averages %s gradient draws per step; %.0f s in all.%n",
            settings.epochs(), data.source(), data.train().size(),
            rows.get(0).result().clean().samples(), settings.suite().steps(), eotDraws, seconds))
        .append("Each RCI cell is the worst case over ")
        .append(rescoringDraws)
        .append(" permutation draws (right in every draw), the mean over the draws in brackets;"
            + " RCI is attacked and scored in test batches of K. EOT-PGD against a deterministic"
            + " model would repeat its PGD: '= PGD'. Worst case: per sample over the attacks."
            + " Coded-smoothing 'around' a block codes that lenet block only (the activations"
            + " entering it encoded, its outputs decoded), in training and in RCI; the other"
            + " coded-smoothing rows code the whole network.\n\n");
    s.append("| model | clean |");
    for (double e : epsilons) {
      s.append(String.format(Locale.ROOT, " FGSM %s | PGD %s | EOT-PGD %s | worst case %s |",
          e, e, e, e));
    }
    s.append("\n| --- | --- |").append(" --- | --- | --- | --- |".repeat(epsilons.size()))
        .append('\n');
    for (Row r : rows) {
      MeanOverDraws draws = r.result().draws();
      s.append("| ").append(r.configuration().label()).append(" | ")
          .append(cell(r.result().clean(), draws == null ? null : draws.clean())).append(" |");
      for (double e : epsilons) {
        Metrics eot = r.attack(EOT, e);
        s.append(' ').append(cell(r.attack("fgsm", e), r.meanOf("fgsm", e))).append(" | ")
            .append(cell(r.attack("pgd", e), r.meanOf("pgd", e))).append(" | ")
            .append(eot == null ? "= PGD" : cell(eot, r.meanOf(EOT, e))).append(" | ")
            .append(pct(r.worstCase(e).accuracy())).append(" |");
      }
      s.append('\n');
    }
    List<String> flagged = new ArrayList<>();
    for (Row r : rows) {
      r.result().flags().forEach(f -> flagged.add(r.configuration().label() + ": "
          + f.message()));
    }
    s.append("\nGradient-masking flags: ")
        .append(flagged.isEmpty() ? "none." : String.join("; ", flagged)).append('\n');
    return s.toString();
  }

  private static String cell(Metrics worst, Metrics mean) {
    return mean == null ? pct(worst.accuracy())
        : pct(worst.accuracy()) + " (" + pct(mean.accuracy()) + ")";
  }

  /** One line per configuration, attack and epsilon (clean at epsilon 0), fractions in [0, 1]. */
  static String csv(List<Row> rows, List<Double> epsilons) {
    StringBuilder s = new StringBuilder("model,defense,attack,epsilon,accuracy,mean_over_draws\n");
    for (Row r : rows) {
      MeanOverDraws draws = r.result().draws();
      line(s, r, "clean", 0, r.result().clean(), draws == null ? null : draws.clean());
      for (double e : epsilons) {
        for (String attack : List.of("fgsm", "pgd", EOT)) {
          Metrics m = r.attack(attack, e);
          if (m != null) {
            line(s, r, attack, e, m, r.meanOf(attack, e));
          }
        }
        line(s, r, "worst-case", e, r.worstCase(e), null);
      }
    }
    return s.toString();
  }

  private static void line(StringBuilder s, Row r, String attack, double epsilon, Metrics m,
      Metrics mean) {
    s.append(String.join(",", "\"" + r.configuration().label() + "\"",
        r.configuration().defense(), attack, num(epsilon), num(m.accuracy()),
        mean == null ? "" : num(mean.accuracy()))).append('\n');
  }

  private static String pct(double fraction) {
    return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.1f", 100 * fraction);
  }

  private static String num(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      Files.writeString(partial, text, StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
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
