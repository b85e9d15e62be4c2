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

/**
 * Measures robustness honestly: clean accuracy, then every attack at every epsilon, each
 * adversarial example re-scored by the network and decided by the deployed decoder, whatever
 * objective the attack optimized. Streams the test samples in batches (memory does not grow with
 * their number), draws a progress bar, checks the objective's gradients at the clean samples and
 * raises masking flags. Not thread-safe.
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
   * @throws IllegalArgumentException when the decoder's width differs from the network's outputs
   *     or the test images have another shape than the network's input
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
    long began = System.nanoTime();
    int total = Math.min(plan.samples(), test.size());
    int attacks = plan.attacks().size();
    int radii = plan.epsilons().size();
    Tally clean = new Tally();
    Tally[][] tallies = new Tally[attacks][radii];
    for (Tally[] row : tallies) {
      for (int e = 0; e < radii; e++) {
        row[e] = new Tally();
      }
    }
    long[] health = new long[2];
    ExampleImages examples = new ExampleImages(test.shape(), Math.min(plan.examples(), total));
    ProgressLine line = new ProgressLine(progress, total, attacks * radii);
    line.update(0, 0, 0, "");
    try (GradientOracle oracle = network.gradientOracle(plan.batchSize(), plan.objective())) {
      BatchRunner runner =
          new BatchRunner(network, decoder, oracle, plan, clean, tallies, health, examples, line);
      BatchCursor cursor = test.inOrder(plan.batchSize());
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
    GradientHealth gradients = new GradientHealth(total, health[0], health[1]);
    boolean targeted = plan.goal() == Goal.TARGETED;
    return new EvaluationResult(plan.goal(), targeted ? plan.targets() : null, clean.metrics(),
        results, gradients, MaskingChecks.flags(gradients, results), examples,
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
        EvaluationPlan plan, Tally clean, Tally[][] tallies, long[] health,
        ExampleImages examples, ProgressLine line) {
      this.network = network;
      this.decoder = decoder;
      this.oracle = oracle;
      this.plan = plan;
      this.clean = clean;
      this.tallies = tallies;
      this.health = health;
      this.examples = examples;
      this.decisions = Decisions.withCapacity(plan.batchSize());
      this.cleanRight = new boolean[plan.batchSize()];
      this.posteriors = plan.goal() == Goal.TARGETED && plan.targets().needsPosteriors()
          ? new float[plan.batchSize() * decoder.classes()] : null;
      this.slots = new int[plan.batchSize()];
      this.line = line;
    }

    void run(Batch batch, int count, int start, int classes) {
      int size = batch.shape().size();
      float[] images = Arrays.copyOf(batch.images(), count * size);
      int[] labels = Arrays.copyOf(batch.labels(), count);
      float[] cleanScores = decide(images, count);
      int[] attackLabels = attackLabels(cleanScores, labels, count, start, classes);
      for (int b = 0; b < count; b++) {
        cleanRight[b] = decisions.label(b) == labels[b];
        clean.add(cleanRight[b], decisions.rejected(b), false, false);
        slots[b] = examples.room() > 0
            ? examples.addClean(images, b, labels[b], decisions.label(b)) : -1;
      }
      checkGradients(images, attackLabels, count, size);
      float[] adversarial = new float[images.length];
      int last = plan.epsilons().size() - 1;
      for (int a = 0; a < plan.attacks().size(); a++) {
        AttackRun run = plan.attacks().get(a);
        for (int e = 0; e <= last; e++) {
          long seed = plan.seed() ^ mix(start, a, e);
          run.prepared().perturb(oracle, plan.budget(plan.epsilons().get(e)), plan.goal(),
              images, attackLabels, seed, adversarial);
          decide(adversarial, count);
          for (int b = 0; b < count; b++) {
            int decided = decisions.label(b);
            boolean rejected = decisions.rejected(b);
            boolean success = plan.goal() == Goal.UNTARGETED
                ? !rejected && decided != labels[b]
                : decided == attackLabels[b];
            tallies[a][e].add(decided == labels[b], rejected, cleanRight[b], success);
            if (e == last && slots[b] >= 0) {
              examples.addAdversarial(run.name(), slots[b], adversarial, b, decided);
            }
          }
          line.update(start, count, a * (last + 1) + e + 1,
              run.name() + " eps " + plan.epsilons().get(e));
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
     * The labels the attacks are given: the true classes, or the targets the plan's selection
     * picks (from the clean scores' posteriors for {@code least-likely}).
     */
    private int[] attackLabels(
        float[] cleanScores, int[] labels, int count, int start, int classes) {
      if (plan.goal() == Goal.UNTARGETED) {
        return labels.clone();
      }
      TargetSelection selection = plan.targets();
      if (posteriors != null) {
        decoder.posteriors(cleanScores, 0, count, posteriors);
      }
      int[] targets = new int[count];
      for (int b = 0; b < count; b++) {
        targets[b] = selection.target(labels[b], classes, plan.seed(), start + b, posteriors, b);
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

    private static long mix(long start, long attack, long epsilon) {
      long z = start * 0x9E3779B97F4A7C15L + attack * 0xC2B2AE3D27D4EB4FL + epsilon + 1;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }
  }
}
