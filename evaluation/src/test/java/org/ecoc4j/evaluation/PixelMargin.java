package org.ecoc4j.evaluation;

import java.util.List;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/** The objective the pixel network's oracle computes in closed form. */
final class PixelMargin implements Objective {
  @Override
  public String name() {
    return "margin";
  }

  @Override
  public String description() {
    return "margin of the pixel network";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public Term loss(Terms terms) {
    throw new UnsupportedOperationException("the pixel network computes it in closed form");
  }
}
