/**
 * The built-in decoders of ecoc4j: {@code euclidean}, {@code bit-threshold}, {@code zadeh} and
 * {@code correlation-softmax}, each combining ensemble members by MAP sum or majority vote.
 *
 * <p>Found through {@link java.util.ServiceLoader} as {@link org.ecoc4j.api.decoding.Decoder}
 * providers by name; the module exports no package, callers use the SPI alone.
 */
module ecoc4j.decoders {
  requires ecoc4j.api;

  provides org.ecoc4j.api.decoding.Decoder with
      org.ecoc4j.decoders.EuclideanDecoder,
      org.ecoc4j.decoders.BitThresholdDecoder,
      org.ecoc4j.decoders.ZadehDecoder,
      org.ecoc4j.decoders.CorrelationSoftmaxDecoder,
      org.ecoc4j.decoders.CosineSoftmaxDecoder;
}
