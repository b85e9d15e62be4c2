/**
 * The {@code ecoc4j} command: picocli commands created through Guice, configuration through
 * MicroProfile Config (SmallRye), built-in plugins from the boot layer and plugin jars each in a
 * module layer of its own (through {@code ecoc4j.host}).
 */
module ecoc4j.launcher {
  requires ecoc4j.api;
  requires ecoc4j.host;
  requires ecoc4j.store;
  requires ecoc4j.evaluation;
  requires ecoc4j.datasets;
  requires ecoc4j.experiments;
  requires ecoc4j.training;
  requires ecoc4j.backends.onnx;
  requires info.picocli;
  requires com.google.guice;
  requires jakarta.inject;
  requires org.eclipse.microprofile.config;
  requires io.smallrye.config;
  requires com.fasterxml.jackson.databind;
  requires org.apache.commons.csv;

  exports org.ecoc4j.launcher;

  // Guice builds the module, the commands and their services by reflection; picocli sets
  // annotated fields and instantiates version providers.
  opens org.ecoc4j.launcher to com.google.guice;
  opens org.ecoc4j.launcher.cli to com.google.guice, info.picocli;
  opens org.ecoc4j.launcher.config to com.google.guice;
}
