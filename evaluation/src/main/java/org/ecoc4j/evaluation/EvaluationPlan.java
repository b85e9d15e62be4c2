package org.ecoc4j.evaluation;

import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.attack.Objective;

/**
 * What to evaluate: which attacks at which radii, with which objective, norm, steps and goal.
 *
 * @param attacks the attacks, in report order
 * @param epsilons the radii, each attack runs at every one; sorted ascending here
 * @param objective the objective every attack optimizes
 * @param norm the norm of the balls
 * @param steps iterations of iterative attacks
 * @param stepSize size of one step, or NaN for each attack's reference step ({@link
 *     Budget#REFERENCE_STEP}: PGD {@code 2.5 epsilon / steps}, BIM {@code 1.25 epsilon / steps},
 *     MIM {@code epsilon / steps})
 * @param goal untargeted, or targeted at the class {@code targets} picks
 * @param targets how a targeted evaluation picks each sample's target; {@link
 *     TargetSelection#NEXT} for an untargeted one
 * @param samples how many test samples to use at most (the first ones, in order)
 * @param batchSize samples per batch asked for; the evaluator uses {@link #batchSizeFor} of it
 * @param seed seed of every attack's random choices
 * @param examples how many samples to keep for the image grid
 */
public record EvaluationPlan(
    List<AttackRun> attacks,
    List<Double> epsilons,
    Objective objective,
    Norm norm,
    int steps,
    double stepSize,
    Goal goal,
    TargetSelection targets,
    int samples,
    int batchSize,
    long seed,
    int examples) {

  /** Validates and sorts the radii. */
  public EvaluationPlan {
    attacks = List.copyOf(attacks);
    epsilons = epsilons.stream().sorted().toList();
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(norm, "norm");
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(targets, "targets");
    if (goal == Goal.UNTARGETED && !targets.equals(TargetSelection.NEXT)) {
      throw new IllegalArgumentException(
          "target selection '" + targets.label() + "' needs a targeted goal");
    }
    if (attacks.isEmpty()) {
      throw new IllegalArgumentException("an evaluation needs at least one attack");
    }
    if (epsilons.isEmpty()) {
      throw new IllegalArgumentException("an evaluation needs at least one epsilon");
    }
    epsilons.forEach(Budget::requireEpsilon);
    if (steps < 1 || samples < 1 || batchSize < 1 || examples < 0) {
      throw new IllegalArgumentException(
          "steps, samples and batch size must be positive and examples >= 0, got steps " + steps
              + ", samples " + samples + ", batch size " + batchSize + ", examples " + examples);
    }
    if (!Double.isNaN(stepSize) && !(stepSize > 0 && Double.isFinite(stepSize))) {
      throw new IllegalArgumentException("step size must be positive, got " + stepSize);
    }
  }

  /**
   * A plan whose targeted goal, if any, aims at {@code (label + 1) mod classes} ({@link
   * TargetSelection#NEXT}).
   */
  public EvaluationPlan(
      List<AttackRun> attacks,
      List<Double> epsilons,
      Objective objective,
      Norm norm,
      int steps,
      double stepSize,
      Goal goal,
      int samples,
      int batchSize,
      long seed,
      int examples) {
    this(attacks, epsilons, objective, norm, steps, stepSize, goal, TargetSelection.NEXT, samples,
        batchSize, seed, examples);
  }

  /**
   * The batch size an evaluation of a test split of {@code available} images uses: {@link
   * #batchSize}, at most the number of samples attacked ({@code min(samples, available)}), so no
   * oracle or buffer is sized for room that would stay empty; 1 when the split is empty.
   *
   * @throws IllegalArgumentException when {@code available} is negative
   */
  public int batchSizeFor(int available) {
    if (available < 0) {
      throw new IllegalArgumentException("a test split cannot have " + available + " images");
    }
    return Math.max(1, Math.min(batchSize, Math.min(samples, available)));
  }

  /** The budget at one radius. */
  public Budget budget(double epsilon) {
    return budget(epsilon, steps);
  }

  /** The budget at one radius with {@code iterations} steps (an attack run's own). */
  public Budget budget(double epsilon, int iterations) {
    Budget budget = Budget.of(norm, epsilon, iterations);
    return Double.isNaN(stepSize) ? budget : budget.withStepSize(stepSize);
  }
}
