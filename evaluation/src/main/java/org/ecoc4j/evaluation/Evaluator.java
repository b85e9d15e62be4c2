package org.ecoc4j.evaluation;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.attack.Goal;
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
 * ({@link WorstCaseResult}). A {@code top-K} targeted plan attacks each sample once per target and
 * keeps its worst outcome (any wrong accepted class breaks it). Streams the test samples in batches
 * of {@link EvaluationPlan#batchSizeFor} (memory does not grow with their number), draws a
 * progress bar, checks the objective's gradients at the clean samples and raises masking flags.
 * Not thread-safe.
 */
public final class Evaluator {

  private final PrintWriter progress;

  /**
   * Creates an evaluator.
   *
   * @param progress where the progress bar goes (standard error), or {@code null} for none
   */
  public Evaluator(PrintWriter progress) {
    this.progress = progress;
  }

  /**
   * Evaluates {@code network} under {@code plan}.
   *
   * @param network the trained network: scores and gradient oracles
   * @param decoder the deployed decoder, bound to the network's codebooks
   * @param test the test split; its first {@code plan.samples()} images are used, in order
   * @throws IllegalArgumentException when the decoder's width differs from the network's outputs,
   *     the test images have another shape than the network's input, or a {@code top-K} plan has
   *     fewer than {@code K + 1} classes
   */
  public EvaluationResult evaluate(
      TrainedNetwork network, PreparedDecoder decoder, Split test, EvaluationPlan plan) {
    Objects.requireNonNull(network, "network");
    if (decoder.outputWidth() != network.spec().outputWidth()) {
      throw new IllegalArgumentException(
          "decoder reads " + decoder.outputWidth() + " outputs per sample, the network gives "
              + network.spec().outputWidth());
    }
    if (!test.shape().equals(network.spec().input())) {
      throw new IllegalArgumentException(
          "test images are " + test.shape() + ", the network takes " + network.spec().input());
    }
    if (decoder.classes() != test.classes()) {
      throw new IllegalArgumentException(
          "decoder knows " + decoder.classes() + " classes, the test data has " + test.classes());
    }
    int ranks = plan.goal() == Goal.TARGETED ? plan.targets().count() : 1;
    if (plan.goal() == Goal.TARGETED && test.classes() < ranks + 1) {
      throw new IllegalArgumentException("target selection '" + plan.targets().label()
          + "' needs at least " + (ranks + 1) + " classes, the test data has " + test.classes());
    }
    long began = System.nanoTime();
    int total = Math.min(plan.samples(), test.size());
    int attacks = plan.attacks().size();
    int radii = plan.epsilons().size();
    Tally clean = new Tally();
    Tally[][] tallies = new Tally[attacks + 1][radii];
    for (Tally[] row : tallies) {
      for (int e = 0; e < radii; e++) {
        row[e] = new Tally();
      }
    }
    long[] health = new long[2];
    ExampleImages examples = new ExampleImages(test.shape(), Math.min(plan.examples(), total));
    ProgressLine line = new ProgressLine(progress, total, attacks * radii * ranks);
    line.update(0, 0, 0, "");
    int batchSize = plan.batchSizeFor(test.size());
    try (GradientOracle oracle = network.gradientOracle(batchSize, plan.objective())) {
      BatchRunner runner = new BatchRunner(
          network, decoder, oracle, plan, batchSize, clean, tallies, health, examples, line);
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
            plan.epsilons().get(e), tallies[a][e].metrics()));
      }
    }
    List<WorstCaseResult> worstCase = new ArrayList<>();
    for (int e = 0; e < radii; e++) {
      worstCase.add(new WorstCaseResult(plan.epsilons().get(e), tallies[attacks][e].metrics()));
    }
    GradientHealth gradients = new GradientHealth(total, health[0], health[1]);
    boolean targeted = plan.goal() == Goal.TARGETED;
    return new EvaluationResult(plan.goal(), targeted ? plan.targets() : null, clean.metrics(),
        results, worstCase, gradients, MaskingChecks.flags(gradients, results), examples,
        (System.nanoTime() - began) / 1e9);
  }

  /** Evaluates one batch into the running tallies. */
  private static final class BatchRunner {
    private final TrainedNetwork network;
    private final PreparedDecoder decoder;
    private final GradientOracle oracle;
    private final EvaluationPlan plan;
    private final Tally clean;
    private final Tally[][] tallies;
    private final long[] health;
    private final ExampleImages examples;
    private final Decisions decisions;
    private final boolean[] cleanRight;
    private final float[] posteriors;
    private final int[] slots;
    private final ProgressLine line;

    BatchRunner(TrainedNetwork network, PreparedDecoder decoder, GradientOracle oracle,
        EvaluationPlan plan, int batchSize, Tally clean, Tally[][] tallies, long[] health,
        ExampleImages examples, ProgressLine line) {
      this.network = network;
      this.decoder = decoder;
      this.oracle = oracle;
      this.plan = plan;
      this.clean = clean;
      this.tallies = tallies;
      this.health = health;
      this.examples = examples;
      this.decisions = Decisions.withCapacity(batchSize);
      this.cleanRight = new boolean[batchSize];
      this.posteriors = plan.goal() == Goal.TARGETED && plan.targets().needsPosteriors()
          ? new float[batchSize * decoder.classes()] : null;
      this.slots = new int[batchSize];
      this.line = line;
    }

    /**
     * Attacks one batch: every attack at every epsilon, once per target rank (one rank unless the
     * plan sweeps {@code top-K} targets), each sample's outcome the worst over the ranks; the last
     * row of {@link #tallies} takes each sample's worst outcome over the attacks.
     */
    void run(Batch batch, int count, int start, int classes) {
      int size = batch.shape().size();
      float[] images = Arrays.copyOf(batch.images(), count * size);
      int[] labels = Arrays.copyOf(batch.labels(), count);
      float[] cleanScores = decide(images, count);
      int[][] attackLabels = attackLabels(cleanScores, labels, count, start, classes);
      for (int b = 0; b < count; b++) {
        Outcome outcome = Outcome.of(decisions, b, labels[b], -1);
        cleanRight[b] = outcome == Outcome.RIGHT;
        clean.add(outcome, false);
        slots[b] = examples.room() > 0
            ? examples.addClean(images, b, labels[b], decisions.label(b)) : -1;
      }
      checkGradients(images, attackLabels[0], count, size);
      float[] adversarial = new float[images.length];
      int attacks = plan.attacks().size();
      int last = plan.epsilons().size() - 1;
      int ranks = attackLabels.length;
      boolean anyWrongClass = plan.goal() == Goal.UNTARGETED || plan.targets().sweep();
      Outcome[][] worst = new Outcome[last + 1][count];
      for (Outcome[] row : worst) {
        Arrays.fill(row, Outcome.RIGHT);
      }
      Outcome[] outcomes = new Outcome[count];
      for (int a = 0; a < attacks; a++) {
        AttackRun run = plan.attacks().get(a);
        for (int e = 0; e <= last; e++) {
          Arrays.fill(outcomes, null);
          for (int r = 0; r < ranks; r++) {
            long seed = Seeds.forAttackRun(plan.seed(), start, (long) a * ranks + r, e);
            run.prepared().perturb(oracle, plan.budget(plan.epsilons().get(e)), plan.goal(),
                images, attackLabels[r], seed, adversarial);
            decide(adversarial, count);
            for (int b = 0; b < count; b++) {
              Outcome outcome =
                  Outcome.of(decisions, b, labels[b], anyWrongClass ? -1 : attackLabels[r][b]);
              if (outcomes[b] == null || outcome.compareTo(outcomes[b]) > 0) {
                outcomes[b] = outcome;
                if (e == last && slots[b] >= 0) {
                  examples.addAdversarial(run.name(), slots[b], adversarial, b,
                      decisions.label(b));
                }
              }
            }
            line.update(start, count, (a * (last + 1) + e) * ranks + r + 1,
                run.name() + " eps " + plan.epsilons().get(e)
                    + (ranks > 1 ? " target " + (r + 1) + "/" + ranks : ""));
          }
          for (int b = 0; b < count; b++) {
            tallies[a][e].add(outcomes[b], cleanRight[b]);
            worst[e][b] = worst[e][b].worst(outcomes[b]);
          }
        }
      }
      for (int e = 0; e <= last; e++) {
        for (int b = 0; b < count; b++) {
          tallies[attacks][e].add(worst[e][b], cleanRight[b]);
        }
      }
    }

    /** Decides {@code images} into {@link #decisions}; returns the network's scores. */
    private float[] decide(float[] images, int count) {
      float[] scores = network.scores(images, count);
      decoder.decode(scores, 0, count, decisions);
      return scores;
    }

    /**
     * The labels the attacks are given, one row per target rank: the true classes, or the
     * targets the plan's selection picks (from the clean scores' posteriors for {@code
     * least-likely} and {@code top-K}).
     */
    private int[][] attackLabels(
        float[] cleanScores, int[] labels, int count, int start, int classes) {
      if (plan.goal() == Goal.UNTARGETED) {
        return new int[][] {labels.clone()};
      }
      TargetSelection selection = plan.targets();
      if (posteriors != null) {
        decoder.posteriors(cleanScores, 0, count, posteriors);
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
      oracle.lossAndGradient(images, labels, losses, gradient);
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
