package org.ecoc4j.attacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.junit.jupiter.api.Test;

/** Seeds, batch independence, bad input and service registration. */
class AttackContractTest {

  private static final ImageShape SHAPE = new ImageShape(1, 4, 4);
  private final float[][] rows = {ramp(1), ramp(-1)};
  private final float[] images = filled(2, 0.5f);
  private final int[] labels = {0, 1};

  @Test
  void differentSeedsGiveDifferentRandomStarts() {
    PreparedAttack pgd = new PgdAttack().prepare(Map.of());
    Budget budget = Budget.of(Norm.LINF, 0.1, 1).withStepSize(0.01);
    float[] a = new float[images.length];
    float[] b = new float[images.length];
    pgd.perturb(oracle(), budget, Goal.UNTARGETED, images, labels, 1, a);
    pgd.perturb(oracle(), budget, Goal.UNTARGETED, images, labels, 2, b);
    assertFalse(Arrays.equals(a, b));
  }

  @Test
  void aSampleDoesNotDependOnTheOthers() {
    for (Attack attack : BudgetPropertiesTest.ATTACKS) {
      PreparedAttack prepared = attack.prepare(
          attack.name().equals("square") ? Map.of("queries", "20") : Map.of());
      for (Budget budget :
          new Budget[] {Budget.of(Norm.LINF, 0.1, 3), Budget.of(Norm.L2, 0.5, 3)}) {
        float[] first = new float[images.length];
        prepared.perturb(oracle(), budget, Goal.UNTARGETED, images, labels, 4, first);
        float[] changed = images.clone();
        Arrays.fill(changed, SHAPE.size(), changed.length, 0.9f);
        float[] second = new float[images.length];
        prepared.perturb(oracle(), budget, Goal.UNTARGETED, changed, labels, 4, second);
        assertArrayEquals(Arrays.copyOf(first, SHAPE.size()), Arrays.copyOf(second, SHAPE.size()),
            attack.name() + " " + budget.norm());
      }
    }
  }

  @Test
  void badInputIsRefusedWithAMessage() {
    PreparedAttack bim = new BimAttack().prepare(Map.of());
    Budget budget = Budget.of(Norm.LINF, 0.1, 2);
    float[] out = new float[images.length];
    float[] outside = images.clone();
    outside[3] = 1.5f;
    assertTrue(assertThrows(IllegalArgumentException.class,
            () -> bim.perturb(oracle(), budget, Goal.UNTARGETED, outside, labels, 0, out))
        .getMessage().contains("outside [0.0, 1.0]"));
    float[] nan = images.clone();
    nan[0] = Float.NaN;
    assertThrows(IllegalArgumentException.class,
        () -> bim.perturb(oracle(), budget, Goal.UNTARGETED, nan, labels, 0, out));
    assertTrue(assertThrows(IllegalArgumentException.class,
            () -> bim.perturb(oracle(), budget, Goal.UNTARGETED, new float[5], labels, 0, out))
        .getMessage().contains("need 32"));
    assertThrows(IllegalArgumentException.class,
        () -> bim.perturb(oracle(), budget, Goal.UNTARGETED, filled(3, 0.5f), new int[3], 0,
            new float[48]));
    PreparedAttack square = new SquareAttack().prepare(Map.of());
    assertTrue(assertThrows(IllegalArgumentException.class,
            () -> square.perturb(oracle(), Budget.of(Norm.L2, 1, 1), Goal.UNTARGETED, outside,
                labels, 0, out))
        .getMessage().contains("outside [0.0, 1.0]"));
    assertThrows(InvalidOptionException.class, () -> new PgdAttack().prepare(Map.of("steps", "3")));
    assertThrows(InvalidOptionException.class,
        () -> new PgdAttack().prepare(Map.of("restarts", "0")));
    assertThrows(InvalidOptionException.class,
        () -> new EotAttack().prepare(Map.of("attack", "fgsm", "restarts", "2")));
    assertThrows(InvalidOptionException.class, () -> new SquareAttack().prepare(Map.of("p-init", "2")));
    assertThrows(InvalidOptionException.class,
        () -> new SquareAttack().prepare(Map.of("p-init", "0")));
    assertThrows(InvalidOptionException.class,
        () -> new SquareAttack().prepare(Map.of("queries", "0")));
    assertThrows(InvalidOptionException.class, () -> new ApgdAttack().prepare(Map.of("rho", "1")));
    assertThrows(IllegalArgumentException.class, () -> Budget.of(Norm.LINF, -0.1, 3));
    assertThrows(IllegalArgumentException.class, () -> Norm.parse("l1"));
  }

  @Test
  void referenceStepsTravelThePapersDistances() {
    Budget budget = Budget.of(Norm.LINF, 0.1, 40);
    assertEquals(2.5 * 0.1 / 40, budget.stepSizeOr(PgdAttack.TRAVEL), 1e-15);
    assertEquals(1.25 * 0.1 / 40, budget.stepSizeOr(BimAttack.TRAVEL), 1e-15);
    assertEquals(0.1 / 40, budget.stepSizeOr(MimAttack.TRAVEL), 1e-15);
  }

  @Test
  void providersAreRegistered() {
    // Tests run inside ecoc4j.attacks, which provides but does not use the SPIs.
    AttackContractTest.class.getModule().addUses(Attack.class).addUses(Objective.class);
    Set<String> attacks = new TreeSet<>();
    ServiceLoader.load(Attack.class).forEach(a -> attacks.add(a.name()));
    assertEquals(Set.of("fgsm", "bim", "pgd", "mim", "apgd", "eot", "square", "fab", "cw-l2"), attacks);
    Set<String> objectives = new TreeSet<>();
    ServiceLoader.load(Objective.class).forEach(o -> objectives.add(o.name()));
    assertEquals(Set.of("loss", "cross-entropy", "margin", "dlr", "dlr-targeted", "codeword-margin"),
        objectives);
  }

  private LinearOracle oracle() {
    return new LinearOracle(SHAPE, rows, 2);
  }

  private static float[] ramp(int sign) {
    float[] r = new float[SHAPE.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = sign * (i - 7.5f);
    }
    return r;
  }

  private static float[] filled(int batch, float value) {
    float[] x = new float[batch * SHAPE.size()];
    Arrays.fill(x, value);
    return x;
  }
}
