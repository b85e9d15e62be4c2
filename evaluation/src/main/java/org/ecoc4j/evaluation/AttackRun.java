package org.ecoc4j.evaluation;

import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.plugin.Options;

/**
 * One attack of an evaluation: the plugin, its options as given, and the prepared attack.
 *
 * @param attack the plugin
 * @param options every option value as text, defaults included (for provenance)
 * @param prepared the attack bound to its options
 */
public record AttackRun(Attack attack, Map<String, String> options, PreparedAttack prepared) {

  /** Copies the options. */
  public AttackRun {
    Objects.requireNonNull(attack, "attack");
    Objects.requireNonNull(prepared, "prepared");
    options = Map.copyOf(options);
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

  /** The attack's name. */
  public String name() {
    return attack.name();
  }
}
