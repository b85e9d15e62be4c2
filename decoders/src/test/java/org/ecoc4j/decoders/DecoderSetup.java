package org.ecoc4j.decoders;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.PreparedDecoder;

/** A decoder name with options, as property tests draw them. */
record DecoderSetup(String decoder, Map<String, String> options) {

  /** Configurations under which noiseless, sign-preserving codewords must decode exactly. */
  static List<DecoderSetup> exactOnCodewords() {
    return List.of(
        new DecoderSetup("euclidean", Map.of()),
        new DecoderSetup("euclidean", Map.of("tanh", "false", "temperature", "0.25")),
        new DecoderSetup("euclidean", Map.of("combine", "vote")),
        new DecoderSetup("bit-threshold", Map.of()),
        new DecoderSetup("bit-threshold", Map.of("max-errors", "0", "combine", "vote")),
        new DecoderSetup("zadeh", Map.of()),
        new DecoderSetup("zadeh", Map.of("threshold", "0.9", "combine", "vote")),
        new DecoderSetup("zadeh", Map.of("space", "classes")),
        new DecoderSetup("zadeh", Map.of("space", "classes", "combine", "vote")),
        new DecoderSetup("correlation-softmax", Map.of()),
        new DecoderSetup("correlation-softmax", Map.of("temperature", "3", "combine", "vote")));
  }

  PreparedDecoder prepare(List<Codebook> members) {
    return Fixtures.prepare(decoder, members, options);
  }

  @Override
  public String toString() {
    return decoder + options;
  }
}
