package org.ecoc4j.api.plugin;

/**
 * Finds an installed plugin by its SPI and name: what a plugin that uses other plugins (a defense
 * drawing its codebooks with a generator and deploying a decoder) is handed, so that it sees
 * exactly the plugins the caller has installed, plugin jars included.
 */
@FunctionalInterface
public interface PluginSource {

  /**
   * The plugin of {@code spi} called {@code name}.
   *
   * @throws IllegalArgumentException when there is none, naming the known ones
   */
  <T extends Plugin> T find(Class<T> spi, String name);
}
