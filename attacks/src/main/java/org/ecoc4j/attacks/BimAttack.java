package org.ecoc4j.attacks;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code bim}: the basic iterative method of Kurakin et al. (2017): from the clean image, the
 * budget's number of steepest-ascent steps of the budget's step size, each followed by a
 * projection onto the ball and the pixel range; returns the last iterate.
 */
public final class BimAttack implements Attack {

  @Override
  public String name() {
    return "bim";
  }

  @Override
  public String description() {
    return "basic iterative method: projected steps from the clean image (L-infinity or L2)";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public boolean usesGradients() {
    return true;
  }

  @Override
  public PreparedAttack prepare(Map<String, String> options) {
    Options.parse(options(), options);
    return new IterativeAscent(false, 1, 0, false)::run;
  }
}
