package org.ecoc4j.evaluation;

import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.attack.Objective;

/**
 * The one way {@code ecoc4j attack} and {@code ecoc4j evaluate} (and the experiments behind it)
 * build an {@link EvaluationPlan}: every setting left unset takes its default, the same in both,
 * radii and iterations from the dataset ({@link DatasetDefaults}), L-infinity, untargeted, each
 * attack's reference step, every test sample, batches of {@value #BATCH_SIZE}, seed {@value
 * #SEED}, {@value #EXAMPLES} example images. Not thread-safe.
 */
public final class PlanBuilder {

  /** The default seed of the attacks' random choices. */
  public static final long SEED = 1;

  /** The default number of samples per batch. */
  public static final int BATCH_SIZE = 100;

  /** The default number of samples in the example grid. */
  public static final int EXAMPLES = 8;

  private final DatasetDefaults defaults;
  private final int available;
  private List<AttackRun> attacks;
  private Objective objective;
  private List<Double> epsilons;
  private Integer steps;
  private double stepSize = Double.NaN;
  private Norm norm = Norm.LINF;
  private Goal goal = Goal.UNTARGETED;
  private TargetSelection targets = TargetSelection.NEXT;
  private Integer samples;
  private int batchSize = BATCH_SIZE;
  private long seed = SEED;
  private int examples = EXAMPLES;

  private PlanBuilder(DatasetDefaults defaults, int available) {
    this.defaults = defaults;
    this.available = available;
  }

  /**
   * A builder for attacks on a dataset's test split.
   *
   * @param dataset the dataset's name, e.g. {@code cifar10}
   * @param channels its images' channels
   * @param available the number of test images (the default number of samples)
   */
  public static PlanBuilder forDataset(String dataset, int channels, int available) {
    return new PlanBuilder(DatasetDefaults.of(dataset, channels), available);
  }

  /** The attacks, in report order (required). */
  public PlanBuilder attacks(List<AttackRun> runs) {
    this.attacks = List.copyOf(runs);
    return this;
  }

  /** The objective of the attacks that do not set their own (required). */
  public PlanBuilder objective(Objective value) {
    this.objective = Objects.requireNonNull(value, "objective");
    return this;
  }

  /** The radii, or {@code null} for the dataset's. */
  public PlanBuilder epsilons(List<Double> values) {
    this.epsilons = values == null ? null : List.copyOf(values);
    return this;
  }

  /** The iterations, or {@code null} for the dataset's. */
  public PlanBuilder steps(Integer value) {
    this.steps = value;
    return this;
  }

  /** The step size, or {@code null} (NaN) for each attack's reference step. */
  public PlanBuilder stepSize(Double value) {
    this.stepSize = value == null ? Double.NaN : value;
    return this;
  }

  /** The norm of the balls. */
  public PlanBuilder norm(Norm value) {
    this.norm = Objects.requireNonNull(value, "norm");
    return this;
  }

  /** The goal and, when targeted, how targets are picked ({@code null}: {@code next}). */
  public PlanBuilder goal(Goal value, TargetSelection selection) {
    this.goal = Objects.requireNonNull(value, "goal");
    this.targets = selection == null ? TargetSelection.NEXT : selection;
    return this;
  }

  /** How many test samples, or {@code null} for all of them. */
  public PlanBuilder samples(Integer value) {
    this.samples = value;
    return this;
  }

  /** Samples per batch. */
  public PlanBuilder batchSize(int value) {
    this.batchSize = value;
    return this;
  }

  /** The seed of the attacks' random choices. */
  public PlanBuilder seed(long value) {
    this.seed = value;
    return this;
  }

  /** How many samples the example grid shows. */
  public PlanBuilder examples(int value) {
    this.examples = value;
    return this;
  }

  /** The radii the plan will use. */
  public List<Double> epsilons() {
    return epsilons != null ? epsilons : defaults.epsilons();
  }

  /** The iterations the plan will use. */
  public int steps() {
    return steps != null ? steps : defaults.steps();
  }

  /**
   * The plan.
   *
   * @throws IllegalArgumentException for missing attacks or objective, or values out of range
   */
  public EvaluationPlan build() {
    if (attacks == null || objective == null) {
      throw new IllegalArgumentException("a plan needs its attacks and objective");
    }
    return new EvaluationPlan(attacks, epsilons(), objective, norm, steps(), stepSize, goal,
        targets, samples != null ? samples : Math.max(1, available), batchSize, seed, examples);
  }
}
