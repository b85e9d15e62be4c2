package org.ecoc4j.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.evaluation.AttackRun;
import org.ecoc4j.evaluation.TargetSelection;

/**
 * ecoc4j's standard attack suite, named and versioned so that every table says which one it ran:
 * {@value #NAME} follows AutoAttack's standard version (Croce and Hein 2020, {@code
 * autoattack.py}, {@code version='standard'}), in order
 *
 * <ol>
 *   <li>{@code apgd-loss}: APGD on the defense's own training loss (cross-entropy for a softmax
 *       network: AutoAttack's APGD-CE), untargeted, on every sample;
 *   <li>{@code apgd-<adaptive>}: APGD on the defense's adaptive objective (e.g. {@code margin} on
 *       the class scores before any saturating function), untargeted;
 *   <li>{@code apgd-t}: APGD on {@code dlr-targeted} at each of the {@code targets} most likely
 *       wrong classes (AutoAttack's APGD-T);
 *   <li>{@code fab-t}: FAB on {@code margin} at the same targets (AutoAttack's FAB-T);
 *   <li>{@code square}: Square on {@code margin}, {@code queries} queries, p-init 0.8, stopping a
 *       sample once it is misclassified;
 * </ol>
 *
 * <p>each with {@code steps} iterations. Every attack after the first runs only on the samples
 * that are right when clean and that no earlier attack of the evaluation broke (AutoAttack's
 * saving); so its column is the robust accuracy after it, and the last one's is the worst case
 * over the whole evaluation. The targets are capped at the number of wrong classes.
 *
 * @param steps iterations of the APGD and FAB attacks (AutoAttack: 100)
 * @param targets wrong classes attacked by APGD-T and FAB-T (AutoAttack: 9)
 * @param queries Square's queries per sample (AutoAttack: 5000)
 */
public record StandardSuite(int steps, int targets, int queries) {

  /** The suite's name and version. */
  public static final String NAME = "standard-v1";

  /** AutoAttack's standard settings. */
  public static final StandardSuite V1 = new StandardSuite(100, 9, 5000);

  /** Refuses non-positive settings. */
  public StandardSuite {
    if (steps < 1 || targets < 1 || queries < 1) {
      throw new IllegalArgumentException("steps, targets and queries of " + NAME
          + " must be positive, got " + steps + ", " + targets + ", " + queries);
    }
  }

  /**
   * The suite's runs for a defense.
   *
   * @param ownLoss the defense's training loss objective
   * @param adaptive the name of the defense's adaptive objective, e.g. {@code margin}
   * @param classes the number of classes
   * @param first whether the suite's first attack is the first of the evaluation (then it runs
   *     on every sample; otherwise it too runs only on the samples still unbroken)
   * @throws IllegalArgumentException for fewer than two classes
   */
  public List<AttackRun> runs(
      PluginLookup plugins, Objective ownLoss, String adaptive, int classes, boolean first) {
    return runs(plugins, ownLoss, adaptive, classes, first, false);
  }

  /** Gradient queries the {@code eot} attack averages per step against a randomized defense. */
  public static final int EOT_DRAWS = 10;

  /**
   * The suite's runs for a defense that may be randomized ({@link
   * org.ecoc4j.api.defense.PreparedDefense#randomized()}): then APGD-loss, APGD-adaptive, APGD-T
   * and FAB-T run inside {@code eot} ({@code attack=apgd} or {@code fab}, {@value #EOT_DRAWS}
   * draws averaged per loss and gradient, recorded in the run's options) and are named {@code
   * eot-apgd-...} and {@code eot-fab-t}; Square (score-based, each query a fresh draw) runs as it
   * is.
   *
   * @param randomized whether the deployed defense's scores are random
   * @throws IllegalArgumentException for fewer than two classes
   */
  public List<AttackRun> runs(
      PluginLookup plugins, Objective ownLoss, String adaptive, int classes, boolean first,
      boolean randomized) {
    if (classes < 2) {
      throw new IllegalArgumentException(NAME + " needs at least two classes, got " + classes);
    }
    Attack apgd = plugins.find(Attack.class, randomized ? "eot" : "apgd");
    Map<String, String> wrap =
        randomized ? Map.of("attack", "apgd", "draws", Integer.toString(EOT_DRAWS)) : Map.of();
    String prefix = randomized ? "eot-" : "";
    Objective margin = plugins.find(Objective.class, "margin");
    TargetSelection top = TargetSelection.top(Math.min(targets, classes - 1));
    List<AttackRun> runs = new ArrayList<>();
    AttackRun loss = AttackRun.of(apgd, wrap).named(prefix + "apgd-loss").on(ownLoss)
        .withSteps(steps);
    runs.add(first ? loss : loss.skippingBroken());
    runs.add(AttackRun.of(apgd, wrap).named(prefix + "apgd-" + adaptive)
        .on(plugins.find(Objective.class, adaptive)).withSteps(steps).skippingBroken());
    runs.add(AttackRun.of(apgd, wrap).named(prefix + "apgd-t")
        .on(plugins.find(Objective.class, "dlr-targeted")).targeted(top).withSteps(steps)
        .skippingBroken());
    Map<String, String> wrapFab =
        randomized ? Map.of("attack", "fab", "draws", Integer.toString(EOT_DRAWS)) : Map.of();
    runs.add(AttackRun.of(plugins.find(Attack.class, randomized ? "eot" : "fab"), wrapFab)
        .named(prefix + "fab-t").on(margin).targeted(top).withSteps(steps).skippingBroken());
    runs.add(AttackRun.of(plugins.find(Attack.class, "square"),
            Map.of("queries", Integer.toString(queries), "stop-at", "0")).named("square")
        .on(margin).skippingBroken());
    return runs;
  }

  /** What provenance records of the suite. */
  public Map<String, Object> provenance() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", NAME);
    p.put("steps", steps);
    p.put("targets", targets);
    p.put("squareQueries", queries);
    p.put("order", List.of("apgd-loss", "apgd-<adaptive>", "apgd-t (dlr-targeted)",
        "fab-t (margin)", "square (margin)"));
    p.put("onlyUnbroken", "every attack after the evaluation's first");
    return p;
  }
}
