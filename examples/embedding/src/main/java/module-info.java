/** A product embedding a trained ecoc4j model: it reads only the store module's API. */
module org.ecoc4j.examples.embedding {
  requires ecoc4j.store;
}
