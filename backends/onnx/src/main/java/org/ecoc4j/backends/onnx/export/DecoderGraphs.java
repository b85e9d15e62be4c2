package org.ecoc4j.backends.onnx.export;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.plugin.Options;

/**
 * The per-member rules of the built-in decoders that the export writes as graph nodes, read
 * from the decoder's declared options (defaults included): {@code euclidean}, {@code
 * correlation-softmax}, {@code bit-threshold}, {@code zadeh} (every normalization, both spaces,
 * the threshold on the codeword or on the syndrome) and {@code cosine-softmax}, each with {@code
 * combine} {@code map} or {@code vote}. Any other decoder is refused by name.
 */
final class DecoderGraphs {

  /** The decoders the export writes. */
  static final List<String> SUPPORTED = List.of(
      "euclidean", "correlation-softmax", "bit-threshold", "zadeh", "cosine-softmax");

  private DecoderGraphs() {}

  /**
   * The rule of {@code decoder} with {@code options} on binary codebooks.
   *
   * @throws UnsupportedDecoderException for a decoder other than {@link #SUPPORTED}
   */
  static MemberRuleGraph rule(
      Decoder decoder, Map<String, String> options, List<Codebook> codebooks) {
    Options parsed = Options.parse(decoder.options(), options);
    return switch (decoder.name()) {
      case "euclidean" -> new CorrelationRuleGraph(
          codebooks, parsed.getBoolean("tanh"), parsed.getDouble("temperature"));
      case "correlation-softmax" ->
          new CorrelationRuleGraph(codebooks, false, parsed.getDouble("temperature"));
      case "bit-threshold" -> new BitThresholdRuleGraph(codebooks, parsed.getInt("max-errors"));
      case "zadeh" -> new ZadehRuleGraph(
          codebooks,
          TruthNormalization.ofWord(parsed.getString("normalization")),
          parsed.getString("space").equals("full"),
          parsed.getDouble("threshold"),
          parsed.getString("threshold-on").equals("syndrome"));
      case "cosine-softmax" -> new CosineRuleGraph(
          codebooks.stream().map(CodeTable::of).toList(), parsed.getDouble("temperature"));
      default -> throw unsupported(decoder);
    };
  }

  /**
   * The rule of {@code cosine-softmax} on real-valued code tables.
   *
   * @throws UnsupportedDecoderException for another decoder
   */
  static MemberRuleGraph tableRule(
      Decoder decoder, Map<String, String> options, List<CodeTable> tables) {
    if (!decoder.name().equals("cosine-softmax")) {
      throw unsupported(decoder);
    }
    return new CosineRuleGraph(
        tables, Options.parse(decoder.options(), options).getDouble("temperature"));
  }

  /** Whether the decoder's members vote ({@code combine=vote}) rather than sum posteriors. */
  static boolean votes(Decoder decoder, Map<String, String> options) {
    return Options.parse(decoder.options(), options).getString("combine").equals("vote");
  }

  private static UnsupportedDecoderException unsupported(Decoder decoder) {
    return new UnsupportedDecoderException(
        "the decoder '" + decoder.name() + "' cannot be exported as ONNX operators; the"
            + " export writes " + String.join(", ", SUPPORTED));
  }
}
