package org.ecoc4j.defenses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookOrigin;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.plugin.PluginSource;

/**
 * The code and the decoder of a codeword defense, chosen by its options {@code code} and {@code
 * decoder} among the installed plugins and validated together: the generator draws the members'
 * codebooks with its own options ({@code code.NAME=VALUE}), and the decoder, with the defense's
 * settings for it and its own options ({@code decoder.NAME=VALUE}), must accept those codebooks.
 */
final class CodewordChoice {

  /** The option naming the codebook generator. */
  static final String CODE = "code";

  /** The option naming the deployed decoder. */
  static final String DECODER = "decoder";

  /** The generator option that the defense's {@code codebooks} option sets. */
  private static final String SHARING = "sharing";

  private CodewordChoice() {}

  /** The {@code code} option: random-binary by default, as the paper draws its codebooks. */
  static OptionSpec code() {
    return code("random-binary");
  }

  /** The {@code code} option with {@code defaultCode} as its default generator. */
  static OptionSpec code(String defaultCode) {
    return OptionSpec.ofPlugin(
        CODE, defaultCode,
        "codebook generator of the members' codes: random-binary, hadamard, crc, one-hot or any"
            + " installed one; its options as code.NAME=VALUE");
  }

  /** The {@code decoder} option: euclidean (nearest codeword to tanh(o), Eq. 6) by default. */
  static OptionSpec decoder() {
    return decoder("euclidean");
  }

  /** The {@code decoder} option with {@code defaultDecoder} as its default decoder. */
  static OptionSpec decoder(String defaultDecoder) {
    return OptionSpec.ofPlugin(
        DECODER, defaultDecoder,
        "deployed decoder: euclidean, bit-threshold, zadeh, correlation-softmax or any installed"
            + " one; its options as decoder.NAME=VALUE");
  }

  /**
   * Draws one codebook per member with the generator {@code code} names: of length {@code
   * code-length} when given, else the generator's own length; {@code shared} sets the generator's
   * {@code sharing} option where it has one (random-binary's MRBC / SRBC).
   *
   * @throws InvalidOptionException naming {@code code} for an unknown generator or a code that
   *     cannot be drawn (too short for the classes, a length the generator cannot make), and
   *     naming {@code code.sharing} when it is given beside the defense's {@code codebooks}
   */
  static DrawnCodebooks draw(
      PluginSource plugins, Options options, int classes, int members, boolean shared,
      long seed) {
    String name = options.getString(CODE);
    CodebookGenerator generator = find(plugins, CodebookGenerator.class, name, CODE);
    Map<String, String> generatorOptions = new LinkedHashMap<>(options.nested(CODE));
    if (declares(generator.options(), SHARING)) {
      if (generatorOptions.containsKey(SHARING)) {
        throw new InvalidOptionException(CODE + "." + SHARING, "option '" + CODE + "." + SHARING
            + "' is set by the defense's option 'codebooks' (independent or shared)");
      }
      generatorOptions.put(SHARING, shared ? "shared" : "independent");
    }
    OptionalInt length =
        options.has(DefenseOptions.CODE_LENGTH)
            ? OptionalInt.of(options.getInt(DefenseOptions.CODE_LENGTH))
            : OptionalInt.empty();
    CodebookSpec spec = new CodebookSpec(classes, length, members, seed, generatorOptions);
    try {
      return new DrawnCodebooks(
          generator.generate(spec),
          new CodebookOrigin(generator.name(), spec, generator.effectiveOptions(spec)));
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException(CODE, "code '" + name + "' cannot be drawn for "
          + classes + " classes" + (length.isPresent() ? " at code-length " + length.getAsInt()
          : "") + ": " + e.getMessage());
    }
  }

  /**
   * The options of the decoder {@code decoder} names for {@code codebooks}: the defense's settings
   * for it that the decoder declares (a temperature only a softmax decoder has, say), overridden
   * by the user's {@code decoder.NAME} values; checked by binding the decoder to the codebooks.
   *
   * @param settings what the defense would set: {@code combine}, a temperature
   * @param code the generator's name, for messages
   * @throws InvalidOptionException naming {@code decoder} for an unknown decoder, bad decoder
   *     options, or a decoder that cannot decode these codebooks (naming both)
   */
  static Map<String, String> decoderOptions(
      PluginSource plugins, Options options, Map<String, String> settings,
      List<Codebook> codebooks, String code) {
    String name = options.getString(DECODER);
    Decoder decoder = find(plugins, Decoder.class, name, DECODER);
    Map<String, String> chosen = new LinkedHashMap<>();
    settings.forEach(
        (option, value) -> {
          if (declares(decoder.options(), option)) {
            chosen.put(option, value);
          }
        });
    chosen.putAll(options.nested(DECODER));
    try {
      decoder.prepare(codebooks, chosen);
    } catch (InvalidOptionException e) {
      throw new InvalidOptionException(
          DECODER + "." + e.option(), "decoder '" + name + "': " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException(DECODER, "decoder '" + name + "' cannot decode the code '"
          + code + "': " + e.getMessage());
    }
    return chosen;
  }

  private static boolean declares(List<OptionSpec> declared, String option) {
    return declared.stream().anyMatch(spec -> spec.name().equals(option));
  }

  private static <T extends org.ecoc4j.api.plugin.Plugin> T find(
      PluginSource plugins, Class<T> spi, String name, String option) {
    try {
      return plugins.find(spi, name);
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException(option, "option '" + option + "': " + e.getMessage());
    }
  }
}
