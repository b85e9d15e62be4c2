/**
 * ecoc4j's model store, usable without the launcher: {@link org.ecoc4j.store.ModelDirectory}
 * writes and reads a model directory (description, codebooks, checkpoint, exported ONNX, code
 * tables), {@link org.ecoc4j.store.DefenseModelFiles} saves a trained defense with its provenance,
 * {@link org.ecoc4j.store.ModelManifest} records and verifies every file's SHA-256, {@link
 * org.ecoc4j.store.AtomicFolders} publishes folders atomically and {@link
 * org.ecoc4j.store.ModelFolderLock} keeps two writers apart. {@link
 * org.ecoc4j.store.DefendedModel} is the embedding API: open a model directory and classify images
 * with rejection.
 */
module ecoc4j.store {
  requires transitive ecoc4j.api;
  requires transitive ecoc4j.host;
  requires transitive ecoc4j.experiments;
  requires transitive ecoc4j.training;
  requires transitive java.desktop;
  requires ecoc4j.datasets;
  requires com.fasterxml.jackson.databind;
  requires org.apache.commons.csv;

  exports org.ecoc4j.store;
}
