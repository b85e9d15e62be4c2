package org.ecoc4j.examples.plugin;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code example-hamming}: reads each output as a digit (above zero is 1), sums the Hamming
 * distances to every class's codewords over the members, and decides the nearest class (the
 * lowest index among ties). The posterior of class {@code c} is proportional to {@code
 * exp(-d_c)}; the confidence is the decided class's posterior. With {@code max-errors} set, a
 * sample farther than that from every class is rejected.
 */
public final class HardHammingDecoder implements Decoder {

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.ofInt(
              "max-errors", null, "reject samples farther than this from every class (no limit if unset)"));

  /** Creates the stateless decoder factory; {@link java.util.ServiceLoader} calls this. */
  public HardHammingDecoder() {}

  @Override
  public String name() {
    return "example-hamming";
  }

  @Override
  public String description() {
    return "Example plugin: hard decisions, nearest class by summed Hamming distance";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  /**
   * Binds the rule to the members' codebooks.
   *
   * @throws IllegalArgumentException for no codebooks, codebooks of different shapes or a
   *     negative {@code max-errors}
   */
  @Override
  public PreparedDecoder prepare(List<Codebook> memberCodebooks, Map<String, String> options) {
    Options parsed = Options.parse(OPTIONS, options);
    int maxErrors = parsed.has("max-errors") ? parsed.getInt("max-errors") : Integer.MAX_VALUE;
    if (maxErrors < 0) {
      throw new IllegalArgumentException("max-errors must not be negative, got " + maxErrors);
    }
    return new PreparedHardHamming(memberCodebooks, maxErrors);
  }
}
