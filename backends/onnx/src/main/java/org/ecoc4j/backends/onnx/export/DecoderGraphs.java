package org.ecoc4j.backends.onnx.export;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.plugin.Options;

/**
 * The per-member rules of the built-in decoders that the export writes as graph nodes, read
 * from the decoder's declared options (defaults included): {@code euclidean}, {@code
 * correlation-softmax}, {@code bit-threshold} and {@code zadeh} (every normalization, both spaces,
 * the threshold on the codeword or on the syndrome), each with {@code combine} {@code map} or
 * {@code vote}. Any other decoder is refused by name.
 */
final class DecoderGraphs {

  /** The decoders {@link #rule} writes. */
  static final List<String> SUPPORTED =
      List.of("euclidean", "correlation-softmax", "bit-threshold", "zadeh");

  private DecoderGraphs() {}

  /**
   * The rule of {@code decoder} with {@code options}.
   *
   * @throws UnsupportedDecoderException for a decoder other than {@link #SUPPORTED}
   */
  static MemberRuleGraph rule(Decoder decoder, Map<String, String> options) {
    Options parsed = Options.parse(decoder.options(), options);
    return switch (decoder.name()) {
      case "euclidean" ->
          new CorrelationRuleGraph(parsed.getBoolean("tanh"), parsed.getDouble("temperature"));
      case "correlation-softmax" ->
          new CorrelationRuleGraph(false, parsed.getDouble("temperature"));
      case "bit-threshold" -> new BitThresholdRuleGraph(parsed.getInt("max-errors"));
      case "zadeh" -> new ZadehRuleGraph(
          TruthNormalization.ofWord(parsed.getString("normalization")),
          parsed.getString("space").equals("full"),
          parsed.getDouble("threshold"),
          parsed.getString("threshold-on").equals("syndrome"));
      default -> throw new UnsupportedDecoderException(
          "the decoder '" + decoder.name() + "' cannot be exported as ONNX operators; the"
              + " export writes " + String.join(", ", SUPPORTED));
    };
  }

  /** Whether the decoder's members vote ({@code combine=vote}) rather than sum posteriors. */
  static boolean votes(Decoder decoder, Map<String, String> options) {
    return Options.parse(decoder.options(), options).getString("combine").equals("vote");
  }
}
