package org.ecoc4j.api.attack;

import java.util.Map;
import org.ecoc4j.api.plugin.Plugin;

/**
 * SPI: a method that perturbs images within a {@link Budget} to change a classifier's decision,
 * for example {@code fgsm}, {@code pgd} or {@code square}.
 *
 * <p>Providers are stateless factories found with {@link java.util.ServiceLoader}; {@link
 * #prepare} binds the method to its options and returns the object that attacks batches. Every
 * attack works through a {@link org.ecoc4j.api.backend.GradientOracle} bound to an {@link
 * Objective}: white-box attacks use its input gradients, black-box attacks only its losses.
 */
public interface Attack extends Plugin {

  /** Whether the attack reads input gradients (white-box) or only losses (black-box). */
  boolean usesGradients();

  /**
   * Binds the method to options.
   *
   * @param options attack options by name, validated against {@link #options()}
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for unknown or malformed options
   */
  PreparedAttack prepare(Map<String, String> options);
}
