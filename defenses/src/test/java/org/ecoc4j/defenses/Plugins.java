package org.ecoc4j.defenses;

import java.util.ServiceLoader;
import org.ecoc4j.api.plugin.Plugin;

/** Finds built-in plugins of the test's module path by SPI and name, as the launcher does. */
final class Plugins {

  private Plugins() {}

  static <T extends Plugin> T find(Class<T> spi, String name) {
    Plugins.class.getModule().addUses(spi);
    return ServiceLoader.load(spi).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no " + spi.getSimpleName() + " named " + name));
  }
}
