module test.alpha {
  requires ecoc4j.api;

  provides org.ecoc4j.api.codebook.CodebookGenerator with com.acme.codes.Generator;
}
