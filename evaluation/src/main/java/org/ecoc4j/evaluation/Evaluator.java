package org.ecoc4j.evaluation;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.data.Batch;
import org.ecoc4j.api.data.BatchCursor;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.random.Seeds;

/**
 * Measures robustness honestly: clean accuracy, then every attack at every epsilon, each
 * adversarial example re-scored by the network and decided by the deployed decoder, whatever
 * objective the attack optimized, and per epsilon the per-sample worst case over the attacks
 * ({@link WorstCaseResult}), which counts a sample as robust only if it was right when clean and no
 * attack broke it, and names the attack that broke each sample. An attack of the plan may set its
 * own objective (one gradient oracle is opened per objective), goal, targets and steps ({@link
 * AttackRun}), and may attack only the samples still unbroken (AutoAttack's saving). A {@code
 * top-K} targeted run attacks each sample once per target and keeps its worst outcome (any wrong
 * accepted class breaks it). Streams the test samples in batches of {@link
 * EvaluationPlan#batchSizeFor} (memory does not grow with their number, except one label per
 * sample and radius for the attack that broke it), draws a progress bar, checks the objective's
 * gradients at the clean samples and raises masking flags. A randomized or batch-coupled network
 * is evaluated under a {@link Rescoring}: test batches of exactly its coupled batch, each decision
 * drawn several times, the worst case over draws as the main figures and the mean beside them.
 * Not thread-safe.
 */
public final class Evaluator {

  /** The name {@link WorstCaseResult#breakers} gives samples that were not right when clean. */
  public static final String CLEAN = "clean";

  private final PrintWriter progress;
  private final Rescoring rescoring;

  /**
   * Creates an evaluator for deterministic networks that decide each sample alone.
   *
   * @param progress where the progress bar goes (standard error), or {@code null} for none
   */
  public Evaluator(PrintWriter progress) {
    this(progress, Rescoring.NONE);
  }

  /**
   * Creates an evaluator that decides as {@code rescoring} says (for a randomized or batch-coupled
   * network).
   *
   * @param progress where the progress bar goes (standard error), or {@code null} for none
   */
  public Evaluator(PrintWriter progress, Rescoring rescoring) {
    this.progress = progress;
    this.rescoring = Objects.requireNonNull(rescoring, "rescoring");
  }

  /**
   * Evaluates {@code network} under {@code plan}.
   *
   * @param network the trained network: scores and gradient oracles
   * @param decoder the deployed decoder, bound to the network's codebooks
   * @param test the test split; its first {@code plan.samples()} images are used, in order
   * @throws IllegalArgumentException when the decoder's width differs from the network's outputs,
   *     the test images have another shape than the network's input, or a {@code top-K} plan or
   *     run has fewer than {@code K + 1} classes
   */
  public EvaluationResult evaluate(
      TrainedNetwork network, PreparedDecoder decoder, Split test, EvaluationPlan plan) {
    return evaluate(network, decoder, null, test, plan);
  }

  /**
   * Evaluates {@code network} under {@code plan}, measuring the clean first-choice accuracy with
   * {@code firstChoice}.
   *
   * @param network the trained network: scores and gradient oracles
   * @param decoder the deployed decoder, bound to the network's codebooks
   * @param firstChoice the deployed rule under {@link
   *     org.ecoc4j.api.decoding.Decoder#firstChoiceOptions} (deciding among the class codewords,
   *     never rejecting), bound to the same codebooks; or {@code null} to take the deployed
   *     decoder's decisions, so that the first-choice accuracy is NaN once it rejects a sample
   * @param test the test split; its first {@code plan.samples()} images are used, in order
   * @throws IllegalArgumentException when a decoder's width differs from the network's outputs,
   *     the test images have another shape than the network's input, a {@code top-K} plan or run
   *     has fewer than {@code K + 1} classes, or a coupled evaluation has fewer samples than its
   *     coupled batch
   */
  public EvaluationResult evaluate(TrainedNetwork network, PreparedDecoder decoder,
      PreparedDecoder firstChoice, Split test, EvaluationPlan plan) {
    Objects.requireNonNull(network, "network");
    requireWidth(decoder, network);
    if (firstChoice != null) {
      requireWidth(firstChoice, network);
    }
    if (!test.shape().equals(network.spec().input())) {
      throw new IllegalArgumentException(
          "test images are " + test.shape() + ", the network takes " + network.spec().input());
    }
    if (decoder.classes() != test.classes()) {
      throw new IllegalArgumentException(
          "decoder knows " + decoder.classes() + " classes, the test data has " + test.classes());
    }
    int runsPerRadius = 0;
    for (AttackRun run : plan.attacks()) {
      int ranks = ranks(run, plan);
      if (run.goalIn(plan) == Goal.TARGETED && test.classes() < ranks + 1) {
        throw new IllegalArgumentException("target selection '" + run.targetsIn(plan).label()
            + "' needs at least " + (ranks + 1) + " classes, the test data has "
            + test.classes());
      }
      runsPerRadius += ranks;
    }
    long began = System.nanoTime();
    int total = Math.min(plan.samples(), test.size());
    int batchSize = plan.batchSizeFor(test.size());
    if (rescoring.coupled()) {
      int k = rescoring.coupledBatch();
      if (total < k) {
        throw new IllegalArgumentException("the network decides batches of " + k
            + " samples together; the evaluation has only " + total + " samples");
      }
      total -= total % k;
      batchSize = k;
    }
    int attacks = plan.attacks().size();
    int radii = plan.epsilons().size();
    Tally clean = new Tally();
    Tally[][] tallies = new Tally[attacks + 1][radii];
    for (Tally[] row : tallies) {
      for (int e = 0; e < radii; e++) {
        row[e] = new Tally();
      }
    }
    SuccessDistances[][] distances = new SuccessDistances[attacks][radii];
    for (SuccessDistances[] row : distances) {
      for (int e = 0; e < radii; e++) {
        row[e] = new SuccessDistances();
      }
    }
    String[][] breakers = new String[radii][total];
    Tally meanClean = new Tally();
    Tally[][] means = new Tally[attacks][radii];
    for (Tally[] row : means) {
      for (int e = 0; e < radii; e++) {
        row[e] = new Tally();
      }
    }
    long[] health = new long[2];
    ExampleImages examples = new ExampleImages(test.shape(), Math.min(plan.examples(), total));
    ProgressLine line = new ProgressLine(progress, total, runsPerRadius * radii);
    line.update(0, 0, 0, "");
    try (Oracles oracles = new Oracles(network, batchSize)) {
      BatchRunner runner = new BatchRunner(network, decoder, firstChoice, oracles, plan,
          rescoring, batchSize, clean, tallies, meanClean, means, distances,
          breakers, health, examples, line);
      BatchCursor cursor = test.inOrder(batchSize);
      Batch batch = cursor.newBatch();
      int done = 0;
      while (done < total && cursor.next(batch)) {
        int count = Math.min(batch.size(), total - done);
        runner.run(batch, count, done, test.classes());
        done += count;
        line.update(done, 0, 0, "");
      }
    }
    line.finish();
    List<AttackResult> results = new ArrayList<>();
    for (int a = 0; a < attacks; a++) {
      AttackRun run = plan.attacks().get(a);
      for (int e = 0; e < radii; e++) {
        results.add(new AttackResult(run.name(), run.attack().usesGradients(),
            plan.epsilons().get(e), tallies[a][e].metrics(), run.onlyUnbroken(),
            distances[a][e].median()));
      }
    }
    MeanOverDraws draws = null;
    if (rescoring.active()) {
      List<AttackResult> meanResults = new ArrayList<>();
      for (int a = 0; a < attacks; a++) {
        AttackRun run = plan.attacks().get(a);
        for (int e = 0; e < radii; e++) {
          meanResults.add(new AttackResult(run.name(), run.attack().usesGradients(),
              plan.epsilons().get(e), means[a][e].metrics(), run.onlyUnbroken()));
        }
      }
      draws = new MeanOverDraws(
          batchSize, rescoring.draws(), meanClean.metrics(), meanResults);
    }
    List<WorstCaseResult> worstCase = new ArrayList<>();
    for (int e = 0; e < radii; e++) {
      worstCase.add(new WorstCaseResult(plan.epsilons().get(e), tallies[attacks][e].metrics(),
          Arrays.asList(breakers[e])));
    }
    GradientHealth gradients = new GradientHealth(total, health[0], health[1]);
    boolean targeted = plan.goal() == Goal.TARGETED;
    return new EvaluationResult(plan.goal(), targeted ? plan.targets() : null, clean.metrics(),
        results, worstCase, gradients, MaskingChecks.flags(gradients, results, worstCase),
        examples, (System.nanoTime() - began) / 1e9, draws);
  }

  private static void requireWidth(PreparedDecoder decoder, TrainedNetwork network) {
    if (decoder.outputWidth() != network.spec().outputWidth()) {
      throw new IllegalArgumentException(
          "decoder reads " + decoder.outputWidth() + " outputs per sample, the network gives "
              + network.spec().outputWidth());
    }
  }

  /** How many target runs {@code run} makes per sample and radius. */
  private static int ranks(AttackRun run, EvaluationPlan plan) {
    return run.goalIn(plan) == Goal.TARGETED ? run.targetsIn(plan).count() : 1;
  }

  /** One gradient oracle per objective, opened when first asked for, all closed together. */
  private static final class Oracles implements AutoCloseable {
    private final TrainedNetwork network;
    private final int batchSize;
    private final Map<Objective, GradientOracle> open = new IdentityHashMap<>();

    Oracles(TrainedNetwork network, int batchSize) {
      this.network = network;
      this.batchSize = batchSize;
    }

    GradientOracle of(Objective objective) {
      return open.computeIfAbsent(objective, o -> network.gradientOracle(batchSize, o));
    }

    @Override
    public void close() {
      open.values().forEach(GradientOracle::close);
    }
  }

  /** Evaluates one batch into the running tallies. */
  private static final class BatchRunner {
    private final TrainedNetwork network;
    private final PreparedDecoder decoder;
    private final PreparedDecoder firstChoice;
    private final Decisions firstChoices;
    private final Oracles oracles;
    private final EvaluationPlan plan;
    private final Rescoring rescoring;
    private final Tally clean;
    private final Tally[][] tallies;
    private final Tally meanClean;
    private final Tally[][] means;
    private final SuccessDistances[][] distances;
    private final String[][] breakers;
    private final long[] health;
    private final ExampleImages examples;
    private final Decisions decisions;
    private final Decisions redrawn;
    private final boolean[] cleanRight;
    private final Outcome[] cleanOutcome;
    private final float[] posteriors;
    private final int[] slots;
    private final ProgressLine line;

    BatchRunner(TrainedNetwork network, PreparedDecoder decoder, PreparedDecoder firstChoice,
        Oracles oracles, EvaluationPlan plan, Rescoring rescoring, int batchSize, Tally clean,
        Tally[][] tallies, Tally meanClean, Tally[][] means, SuccessDistances[][] distances,
        String[][] breakers, long[] health, ExampleImages examples, ProgressLine line) {
      this.network = network;
      this.decoder = decoder;
      this.firstChoice = firstChoice;
      this.firstChoices = firstChoice == null ? null : Decisions.withCapacity(batchSize);
      this.oracles = oracles;
      this.plan = plan;
      this.rescoring = rescoring;
      this.clean = clean;
      this.tallies = tallies;
      this.meanClean = meanClean;
      this.means = means;
      this.distances = distances;
      this.breakers = breakers;
      this.health = health;
      this.examples = examples;
      this.decisions = Decisions.withCapacity(batchSize);
      this.redrawn = rescoring.draws() > 1 ? Decisions.withCapacity(batchSize) : null;
      this.cleanRight = new boolean[batchSize];
      this.cleanOutcome = new Outcome[batchSize];
      boolean needsPosteriors = plan.goal() == Goal.TARGETED && plan.targets().needsPosteriors();
      for (AttackRun run : plan.attacks()) {
        needsPosteriors |=
            run.goalIn(plan) == Goal.TARGETED && run.targetsIn(plan).needsPosteriors();
      }
      this.posteriors = needsPosteriors ? new float[batchSize * decoder.classes()] : null;
      this.slots = new int[batchSize];
      this.line = line;
    }

    /**
     * Attacks one batch: every attack at every epsilon, once per target rank (one rank unless the
     * run sweeps {@code top-K} targets), each sample's outcome the worst over the ranks; the last
     * row of {@link #tallies} takes each sample's worst outcome over its clean decision and the
     * attacks, and {@link #breakers} the first attack that broke it.
     */
    void run(Batch batch, int count, int start, int classes) {
      int size = batch.shape().size();
      float[] images = Arrays.copyOf(batch.images(), count * size);
      int[] labels = Arrays.copyOf(batch.labels(), count);
      float[] cleanScores = decide(images, count);
      Decisions first = decisions;
      if (firstChoice != null) {
        firstChoice.decode(cleanScores, 0, count, firstChoices);
        first = firstChoices;
      }
      Outcome[] drawn = overDraws(images, count, labels, null, meanClean, null, null);
      for (int b = 0; b < count; b++) {
        Outcome outcome = drawn[b];
        cleanOutcome[b] = outcome;
        cleanRight[b] = outcome == Outcome.RIGHT;
        clean.add(outcome, false);
        clean.addFirstChoice(first.rejected(b) ? Tally.NO_FIRST_CHOICE : first.label(b), labels[b]);
        slots[b] = examples.room() > 0
            ? examples.addClean(images, b, labels[b], decisions.label(b)) : -1;
      }
      if (posteriors != null) {
        decoder.posteriors(cleanScores, 0, count, posteriors);
      }
      checkGradients(images,
          attackLabels(plan.goal(), plan.targets(), labels, count, start, classes)[0], count, size);
      int last = plan.epsilons().size() - 1;
      Outcome[][] worst = new Outcome[last + 1][count];
      for (int e = 0; e <= last; e++) {
        for (int b = 0; b < count; b++) {
          worst[e][b] = cleanRight[b] ? Outcome.RIGHT : cleanOutcome[b];
          if (!cleanRight[b]) {
            breakers[e][start + b] = CLEAN;
          }
        }
      }
      int attacks = plan.attacks().size();
      int runsDone = 0;
      for (int a = 0; a < attacks; a++) {
        AttackRun run = plan.attacks().get(a);
        Goal goal = run.goalIn(plan);
        TargetSelection selection = run.targetsIn(plan);
        int[][] attackLabels = attackLabels(goal, selection, labels, count, start, classes);
        int ranks = attackLabels.length;
        boolean anyWrongClass = goal == Goal.UNTARGETED || selection.sweep();
        GradientOracle oracle = oracles.of(run.objectiveIn(plan));
        for (int e = 0; e <= last; e++) {
          int[] active = active(run, worst[e], count);
          boolean[] counted = counted(run, worst[e], count);
          Outcome[] outcomes = new Outcome[count];
          double[] moved = new double[count];
          Arrays.fill(moved, Double.NaN);
          for (int r = 0; r < ranks; r++) {
            if (active.length > 0) {
              long seed = Seeds.forAttackRun(plan.seed(), start, (long) a * ranks + r, e);
              attack(run, goal, oracle, images, labels, attackLabels[r], active, counted, size,
                  seed, e, anyWrongClass, outcomes, moved, means[a][e]);
            }
            runsDone++;
            line.update(start, count, runsDone,
                run.name() + " eps " + plan.epsilons().get(e)
                    + (ranks > 1 ? " target " + (r + 1) + "/" + ranks : ""));
          }
          if (rescoring.active()) {
            for (int b = 0; b < count; b++) {
              if (outcomes[b] == null) {
                for (int d = 0; d < ranks * rescoring.draws(); d++) {
                  means[a][e].add(worst[e][b], cleanRight[b]);
                }
              }
            }
          }
          for (int b = 0; b < count; b++) {
            Outcome outcome = outcomes[b] == null ? worst[e][b] : outcomes[b];
            tallies[a][e].add(outcome, cleanRight[b]);
            if (cleanRight[b] && outcomes[b] == Outcome.SUCCESS) {
              distances[a][e].add(moved[b]);
            }
            if (worst[e][b] == Outcome.RIGHT && outcome != Outcome.RIGHT) {
              breakers[e][start + b] = run.name();
            }
            worst[e][b] = worst[e][b].worst(outcome);
          }
        }
      }
      for (int e = 0; e <= last; e++) {
        for (int b = 0; b < count; b++) {
          tallies[attacks][e].add(worst[e][b], cleanRight[b]);
        }
      }
    }

    /**
     * The samples {@code run} attacks: all of them, or for a run that skips broken samples those
     * still right (so right when clean and unbroken so far); all of them in a coupled batch,
     * which the network decides only as a whole.
     */
    private int[] active(AttackRun run, Outcome[] worst, int count) {
      int[] all = new int[count];
      int n = 0;
      for (int b = 0; b < count; b++) {
        if (!run.onlyUnbroken() || rescoring.coupled() || worst[b] == Outcome.RIGHT) {
          all[n++] = b;
        }
      }
      return Arrays.copyOf(all, n);
    }

    /**
     * Per sample whether {@code run}'s own outcome counts in its column: every sample, or for a
     * run that skips broken samples those still right. A sample broken before such a run keeps
     * its outcome in the run's column (the robust accuracy after it) even when a coupled batch
     * attacks it again.
     */
    private static boolean[] counted(AttackRun run, Outcome[] worst, int count) {
      boolean[] counted = new boolean[count];
      for (int b = 0; b < count; b++) {
        counted[b] = !run.onlyUnbroken() || worst[b] == Outcome.RIGHT;
      }
      return counted;
    }

    /**
     * Attacks the {@code active} samples (packed into a smaller batch when some are skipped) at
     * one radius and target rank, and keeps each {@code counted} one's worst outcome in {@code
     * outcomes} and the smallest L2 distance of its successful examples over the ranks in {@code
     * moved} (the others' stay unset).
     */
    private void attack(AttackRun run, Goal goal, GradientOracle oracle, float[] images,
        int[] labels, int[] targets, int[] active, boolean[] counted, int size, long seed, int e,
        boolean anyWrongClass, Outcome[] outcomes, double[] moved, Tally mean) {
      int n = active.length;
      boolean packed = n < labels.length;
      float[] x = images;
      int[] y = targets;
      if (packed) {
        x = new float[n * size];
        y = new int[n];
        for (int k = 0; k < n; k++) {
          System.arraycopy(images, active[k] * size, x, k * size, size);
          y[k] = targets[active[k]];
        }
      }
      float[] adversarial = new float[x.length];
      double epsilon = plan.epsilons().get(e);
      run.prepared().perturb(oracle, plan.budget(epsilon, run.stepsIn(plan)), goal, x, y, seed,
          adversarial);
      decide(adversarial, n);
      int[] truth = new int[n];
      int[] goals = new int[n];
      boolean[] wasRight = new boolean[n];
      boolean[] counts = new boolean[n];
      for (int k = 0; k < n; k++) {
        truth[k] = labels[active[k]];
        goals[k] = anyWrongClass ? -1 : targets[active[k]];
        wasRight[k] = cleanRight[active[k]];
        counts[k] = counted[active[k]];
      }
      Outcome[] drawn = overDraws(adversarial, n, truth, goals, mean, wasRight, counts);
      boolean lastRadius = e == plan.epsilons().size() - 1;
      for (int k = 0; k < n; k++) {
        int b = active[k];
        if (!counts[k]) {
          continue;
        }
        Outcome outcome = drawn[k];
        if (outcome == Outcome.SUCCESS) {
          double distance = SuccessDistances.l2(adversarial, x, k, size);
          moved[b] = Double.isNaN(moved[b]) ? distance : Math.min(moved[b], distance);
        }
        if (outcomes[b] == null || outcome.compareTo(outcomes[b]) > 0) {
          outcomes[b] = outcome;
          if (lastRadius && slots[b] >= 0) {
            examples.addAdversarial(run.name(), slots[b], adversarial, k, decisions.label(k));
          }
        }
      }
    }

    /**
     * Each sample's worst outcome over the rescoring's draws, the first being the decisions in
     * {@link #decisions} (left there), the others drawn afresh into {@link #redrawn}; every draw's
     * outcome is added to {@code mean} when the rescoring is active.
     *
     * @param goals per sample the target a one-target attack aims at, negative for any wrong
     *     class; {@code null} for clean decisions
     * @param wasRight per sample whether it was right when clean; {@code null} for clean decisions
     * @param counts per sample whether its draws are added to {@code mean}; {@code null} for all
     */
    private Outcome[] overDraws(float[] images, int count, int[] labels, int[] goals, Tally mean,
        boolean[] wasRight, boolean[] counts) {
      Outcome[] worst = new Outcome[count];
      for (int d = 0; d < rescoring.draws(); d++) {
        Decisions drawn = decisions;
        if (d > 0) {
          drawn = redrawn;
          decoder.decode(network.scores(images, count), 0, count, drawn);
        }
        for (int b = 0; b < count; b++) {
          Outcome outcome = Outcome.of(drawn, b, labels[b], goals == null ? -1 : goals[b]);
          worst[b] = worst[b] == null ? outcome : worst[b].worst(outcome);
          if (rescoring.active() && (counts == null || counts[b])) {
            mean.add(outcome, wasRight != null && wasRight[b]);
          }
        }
      }
      return worst;
    }

    /** Decides {@code images} into {@link #decisions}; returns the network's scores. */
    private float[] decide(float[] images, int count) {
      float[] scores = network.scores(images, count);
      decoder.decode(scores, 0, count, decisions);
      return scores;
    }

    /**
     * The labels a run's attacks are given, one row per target rank: the true classes, or the
     * targets the selection picks (from the clean posteriors for {@code least-likely} and {@code
     * top-K}).
     */
    private int[][] attackLabels(
        Goal goal, TargetSelection selection, int[] labels, int count, int start, int classes) {
      if (goal == Goal.UNTARGETED) {
        return new int[][] {labels.clone()};
      }
      int[][] targets = new int[selection.count()][count];
      for (int r = 0; r < targets.length; r++) {
        for (int b = 0; b < count; b++) {
          targets[r][b] =
              selection.target(labels[b], classes, plan.seed(), start + b, posteriors, b, r);
        }
      }
      return targets;
    }

    private void checkGradients(float[] images, int[] labels, int count, int size) {
      float[] losses = new float[count];
      float[] gradient = new float[images.length];
      oracles.of(plan.objective()).lossAndGradient(images, labels, losses, gradient);
      for (int b = 0; b < count; b++) {
        boolean zero = true;
        boolean nonFinite = false;
        for (int i = b * size; i < (b + 1) * size; i++) {
          zero &= gradient[i] == 0f;
          nonFinite |= !Float.isFinite(gradient[i]);
        }
        health[0] += zero ? 1 : 0;
        health[1] += nonFinite ? 1 : 0;
      }
    }
  }
}
