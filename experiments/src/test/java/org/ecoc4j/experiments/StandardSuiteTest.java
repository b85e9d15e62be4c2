package org.ecoc4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.evaluation.AttackRun;
import org.junit.jupiter.api.Test;

class StandardSuiteTest {

  private final PluginLookup plugins = PluginLookup.builtIn();
  private final Objective loss = plugins.find(Objective.class, "loss");

  @Test
  void v1IsAutoAttacksStandardVersionInItsOrder() {
    List<AttackRun> runs = StandardSuite.V1.runs(plugins, loss, "margin", 10, true);
    assertEquals(List.of("apgd-loss", "apgd-margin", "apgd-t", "fab-t", "square"),
        runs.stream().map(AttackRun::name).toList());
    assertFalse(runs.get(0).onlyUnbroken(), "the first attack runs on every sample");
    assertTrue(runs.subList(1, 5).stream().allMatch(AttackRun::onlyUnbroken));
    assertEquals("loss", runs.get(0).objective().name());
    assertEquals("margin", runs.get(1).objective().name());
    assertEquals("dlr-targeted", runs.get(2).objective().name());
    assertEquals(Goal.TARGETED, runs.get(2).goal());
    assertEquals("top-9", runs.get(2).targets().label());
    assertEquals("top-9", runs.get(3).targets().label());
    assertEquals("fab", runs.get(3).attack().name());
    assertEquals(100, runs.get(0).steps());
    assertEquals("5000", runs.get(4).options().get("queries"));
    assertEquals("0.8", runs.get(4).options().get("p-init"));
    assertEquals("0.0", runs.get(4).options().get("stop-at"));
  }

  @Test
  void aRandomizedDefenseGetsTheGradientRunsInsideEotWithTheDrawsRecorded() {
    List<AttackRun> runs = StandardSuite.V1.runs(plugins, loss, "margin", 10, true, true);
    assertEquals(
        List.of("eot-apgd-loss", "eot-apgd-margin", "eot-apgd-t", "eot-fab-t", "square"),
        runs.stream().map(AttackRun::name).toList());
    for (AttackRun run : runs.subList(0, 4)) {
      assertEquals("eot", run.attack().name(), run.name());
      assertEquals(run.name().contains("fab") ? "fab" : "apgd", run.options().get("attack"),
          run.name());
      assertEquals("10", run.options().get("draws"), run.name());
      assertEquals(100, run.steps(), run.name());
    }
    assertEquals(Goal.TARGETED, runs.get(3).goal());
    assertEquals("square", runs.get(4).attack().name());
    assertEquals(Goal.TARGETED, runs.get(2).goal());
    assertEquals("dlr-targeted", runs.get(2).objective().name());
    assertEquals(StandardSuite.V1.runs(plugins, loss, "margin", 10, true).stream()
            .map(AttackRun::name).toList(),
        StandardSuite.V1.runs(plugins, loss, "margin", 10, true, false).stream()
            .map(AttackRun::name).toList(), "not randomized: the plain suite");
  }

  @Test
  void targetsAreCappedAtTheWrongClassesAndAfterOtherAttacksEveryRunSkips() {
    List<AttackRun> runs = StandardSuite.V1.runs(plugins, loss, "margin", 3, false);
    assertEquals("top-2", runs.get(2).targets().label());
    assertTrue(runs.stream().allMatch(AttackRun::onlyUnbroken));
    assertThrows(IllegalArgumentException.class,
        () -> StandardSuite.V1.runs(plugins, loss, "margin", 1, true));
    assertThrows(IllegalArgumentException.class, () -> new StandardSuite(0, 9, 5000));
  }
}
