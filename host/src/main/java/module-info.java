/**
 * ecoc4j's plugin host, usable without the launcher: {@link org.ecoc4j.host.PluginCatalogLoader}
 * collects the built-in plugins of a module layer and every jar of a plugins folder (each jar in a
 * module layer of its own) into a {@link org.ecoc4j.host.PluginCatalog}, one {@link
 * org.ecoc4j.host.PluginRegistry} per SPI of {@link org.ecoc4j.host.PluginKinds}, with each
 * plugin's origin and version; a jar that fails to load is a problem, not a failure.
 */
module ecoc4j.host {
  requires transitive ecoc4j.api;

  exports org.ecoc4j.host;
}
