/**
 * JMH benchmarks of ecoc4j's decoders and codebook generators, each beside a naive baseline measured
 * in the same run. Plugins are looked up by name through {@link java.util.ServiceLoader}, as users
 * find them.
 */
module ecoc4j.benchmarks {
  requires ecoc4j.api;
  requires jmh.core;

  uses org.ecoc4j.api.codebook.CodebookGenerator;
  uses org.ecoc4j.api.decoding.Decoder;

  opens org.ecoc4j.benchmarks to jmh.core;
}
