package org.ecoc4j.api.attack;

import org.ecoc4j.api.plugin.Plugin;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * SPI: the per-sample loss an attack optimizes, e.g. {@code loss} (the model's own training loss),
 * {@code cross-entropy} or {@code margin}, written once with {@link Terms} and compiled by the
 * backend that runs the model.
 *
 * <p>An untargeted attack increases the loss at the true label, a targeted attack decreases it at
 * the target label (see {@link Goal}). Objectives are stateless; the built-in ones take no options.
 */
public interface Objective extends Plugin {

  /**
   * The per-sample loss, [batch, 1], at the labels of {@link Terms#labels()}.
   *
   * @param terms the builder of the backend compiling the objective
   */
  Term loss(Terms terms);
}
