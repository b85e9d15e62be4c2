package org.ecoc4j.evaluation;

import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.plugin.Options;

/**
 * One attack of an evaluation: the plugin, its options as given, the prepared attack, and what it
 * may set apart from the plan (so that one plan can hold a whole suite such as AutoAttack's, whose
 * members differ in objective, goal and iterations).
 *
 * @param label the name reports give it (the attack's name unless set, e.g. {@code apgd-t})
 * @param attack the plugin
 * @param options every option value as text, defaults included (for provenance)
 * @param prepared the attack bound to its options
 * @param objective the objective it optimizes, or {@code null} for the plan's
 * @param goal its goal, or {@code null} for the plan's
 * @param targets its target selection when its goal is targeted, or {@code null} for the plan's
 * @param steps its iterations, or 0 for the plan's
 * @param onlyUnbroken AutoAttack's saving: attack only the samples that were right when clean and
 *     that no earlier attack of the plan has broken at the same radius; the others keep the outcome
 *     the earlier attacks left them in, so this run's metrics are the robust accuracy after it
 */
public record AttackRun(
    String label,
    Attack attack,
    Map<String, String> options,
    PreparedAttack prepared,
    Objective objective,
    Goal goal,
    TargetSelection targets,
    int steps,
    boolean onlyUnbroken) {

  /** Copies the options; refuses an empty label or negative steps. */
  public AttackRun {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(attack, "attack");
    Objects.requireNonNull(prepared, "prepared");
    options = Map.copyOf(options);
    if (label.isBlank()) {
      throw new IllegalArgumentException("an attack run needs a label");
    }
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0 (0: the plan's), got " + steps);
    }
    if (targets != null && goal != Goal.TARGETED) {
      throw new IllegalArgumentException(
          "attack run " + label + " has a target selection but no targeted goal");
    }
  }

  /** A run with everything but the attack taken from the plan. */
  public AttackRun(Attack attack, Map<String, String> options, PreparedAttack prepared) {
    this(attack.name(), attack, options, prepared, null, null, null, 0, false);
  }

  /**
   * Prepares {@code attack} with {@code options}.
   *
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for unknown or malformed options
   */
  public static AttackRun of(Attack attack, Map<String, String> options) {
    PreparedAttack prepared = attack.prepare(options);
    return new AttackRun(attack, Options.parse(attack.options(), options).asText(), prepared);
  }

  /** The label reports give this run. */
  public String name() {
    return label;
  }

  /** A copy under another label. */
  public AttackRun named(String name) {
    return new AttackRun(name, attack, options, prepared, objective, goal, targets, steps,
        onlyUnbroken);
  }

  /** A copy that optimizes {@code other} instead of the plan's objective. */
  public AttackRun on(Objective other) {
    return new AttackRun(label, attack, options, prepared, Objects.requireNonNull(other), goal,
        targets, steps, onlyUnbroken);
  }

  /** A copy that attacks targeted at the classes {@code selection} picks. */
  public AttackRun targeted(TargetSelection selection) {
    return new AttackRun(label, attack, options, prepared, objective, Goal.TARGETED,
        Objects.requireNonNull(selection), steps, onlyUnbroken);
  }

  /** A copy with its own number of iterations. */
  public AttackRun withSteps(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("steps must be at least 1, got " + iterations);
    }
    return new AttackRun(label, attack, options, prepared, objective, goal, targets, iterations,
        onlyUnbroken);
  }

  /** A copy that attacks only the samples still unbroken (see {@link #onlyUnbroken}). */
  public AttackRun skippingBroken() {
    return new AttackRun(label, attack, options, prepared, objective, goal, targets, steps, true);
  }

  /** The objective this run optimizes under {@code plan}. */
  Objective objectiveIn(EvaluationPlan plan) {
    return objective != null ? objective : plan.objective();
  }

  /** The goal of this run under {@code plan}. */
  Goal goalIn(EvaluationPlan plan) {
    return goal != null ? goal : plan.goal();
  }

  /** The target selection of this run under {@code plan}. */
  TargetSelection targetsIn(EvaluationPlan plan) {
    return goal != null ? (targets != null ? targets : TargetSelection.NEXT) : plan.targets();
  }

  /** The iterations of this run under {@code plan}. */
  int stepsIn(EvaluationPlan plan) {
    return steps > 0 ? steps : plan.steps();
  }
}
