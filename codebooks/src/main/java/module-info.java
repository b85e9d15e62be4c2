/**
 * The built-in codebook generators of ecoc4j, found through {@link java.util.ServiceLoader} by
 * name: {@code one-hot}, {@code random-binary}, {@code hadamard} and {@code crc}.
 *
 * <p>The module exports nothing: users select a generator by its
 * {@link org.ecoc4j.api.codebook.CodebookGenerator#name()} and configure it through its options.
 */
module ecoc4j.codebooks {
  requires ecoc4j.api;

  provides org.ecoc4j.api.codebook.CodebookGenerator with
      org.ecoc4j.codebooks.OneHotGenerator,
      org.ecoc4j.codebooks.RandomBinaryGenerator,
      org.ecoc4j.codebooks.HadamardGenerator,
      org.ecoc4j.codebooks.CrcGenerator;
}
