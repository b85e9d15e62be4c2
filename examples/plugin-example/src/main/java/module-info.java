/**
 * An example third-party ecoc4j plugin: a repetition codebook generator and a hard-decision
 * Hamming decoder. It needs nothing but {@code ecoc4j.api}.
 */
module org.ecoc4j.examples.plugin {
  requires ecoc4j.api;

  provides org.ecoc4j.api.codebook.CodebookGenerator with
      org.ecoc4j.examples.plugin.RepetitionCodebookGenerator;
  provides org.ecoc4j.api.decoding.Decoder with
      org.ecoc4j.examples.plugin.HardHammingDecoder;
}
