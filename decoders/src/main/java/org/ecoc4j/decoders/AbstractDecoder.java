package org.ecoc4j.decoders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * What every decoder of this module shares: the {@code combine} option, option parsing, the
 * checks on the members' codebooks and the {@link CombinedDecoder} that combines members. A
 * subclass supplies only its per-member rule.
 */
abstract class AbstractDecoder implements Decoder {

  /** Name of the option that picks how ensemble members are combined. */
  static final String COMBINE = "combine";

  private final String name;
  private final String description;
  private final List<OptionSpec> options;

  /**
   * @param name the plugin name
   * @param description one line for listings
   * @param ruleOptions the rule's own options, shown before {@code combine}
   */
  AbstractDecoder(String name, String description, List<OptionSpec> ruleOptions) {
    this.name = name;
    this.description = description;
    List<OptionSpec> all = new ArrayList<>(ruleOptions);
    all.add(
        OptionSpec.ofChoice(
            COMBINE,
            Combination.MAP.word(),
            "how ensemble members are combined: map sums their posteriors, vote counts their"
                + " decisions",
            Combination.MAP.word(),
            Combination.VOTE.word()));
    this.options = List.copyOf(all);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final List<OptionSpec> options() {
    return options;
  }

  @Override
  public final PreparedDecoder prepare(List<Codebook> memberCodebooks, Map<String, String> raw) {
    Objects.requireNonNull(memberCodebooks, "memberCodebooks");
    Options parsed = Options.parse(options, Objects.requireNonNull(raw, "options"));
    Function<Codebook, MemberRule> ruleFactory = rules(parsed);
    checkCodebooks(memberCodebooks);
    MemberRule[] rules = new MemberRule[memberCodebooks.size()];
    for (int m = 0; m < rules.length; m++) {
      rules[m] = ruleFactory.apply(memberCodebooks.get(m));
    }
    Codebook first = memberCodebooks.get(0);
    return new CombinedDecoder(
        rules, first.classes(), first.length(), Combination.ofWord(parsed.getString(COMBINE)));
  }

  /**
   * Validates the rule's options and returns how to bind the rule to one member's codebook.
   *
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for values out of range
   */
  abstract Function<Codebook, MemberRule> rules(Options options);

  private void checkCodebooks(List<Codebook> codebooks) {
    if (codebooks.isEmpty()) {
      throw new IllegalArgumentException(name + " decoder needs at least one member codebook");
    }
    Codebook first = codebooks.get(0);
    if (first == null) {
      throw new IllegalArgumentException("codebook of member 0 is null");
    }
    for (int m = 1; m < codebooks.size(); m++) {
      Codebook other = codebooks.get(m);
      if (other == null) {
        throw new IllegalArgumentException("codebook of member " + m + " is null");
      }
      if (other.classes() != first.classes() || other.length() != first.length()) {
        throw new IllegalArgumentException(
            "member codebooks differ: member 0 has " + first.classes() + " classes x "
                + first.length() + " bits, member " + m + " has " + other.classes()
                + " classes x " + other.length() + " bits");
      }
    }
  }
}
