/**
 * The jobs behind {@code ecoc4j train}, {@code evaluate}, {@code quickstart} and the ablation
 * experiment: train a defense on a backend into a model directory, evaluate it under the papers'
 * protocol and the adaptive one, and compare defenses in a table and a report. Plugins are found
 * through a {@link org.ecoc4j.experiments.PluginLookup}: the built-in ones, or a host plugin
 * catalog's ({@link org.ecoc4j.experiments.CatalogPlugins}).
 */
module ecoc4j.experiments {
  requires transitive ecoc4j.api;
  requires transitive ecoc4j.evaluation;
  requires transitive ecoc4j.host;
  requires com.fasterxml.jackson.databind;

  exports org.ecoc4j.experiments;

  uses org.ecoc4j.api.backend.Backend;
  uses org.ecoc4j.api.defense.Defense;
  uses org.ecoc4j.api.attack.Attack;
  uses org.ecoc4j.api.attack.Objective;
  uses org.ecoc4j.api.codebook.CodebookGenerator;
  uses org.ecoc4j.api.decoding.Decoder;
  uses org.ecoc4j.api.data.DatasetProvider;
}
