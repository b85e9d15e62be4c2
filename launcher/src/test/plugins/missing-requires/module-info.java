module test.missing {
  requires ecoc4j.api;
  requires test.alpha;

  provides org.ecoc4j.api.codebook.CodebookGenerator with org.missing.Needy;
}
