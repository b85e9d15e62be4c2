package org.ecoc4j.experiments;

import java.util.List;
import java.util.ServiceLoader;
import org.ecoc4j.api.plugin.Plugin;
import org.ecoc4j.api.plugin.PluginSource;

/**
 * Finds a plugin by its SPI and name: the launcher's registry (with plugin jars), or {@link
 * #builtIn()} for the providers visible to this module.
 */
@FunctionalInterface
public interface PluginLookup extends PluginSource {

  /** The providers {@link ServiceLoader} finds from this module (the module path or class path). */
  static PluginLookup builtIn() {
    return new PluginLookup() {
      @Override
      public <T extends Plugin> T find(Class<T> spi, String name) {
        List<T> all = ServiceLoader.load(spi, PluginLookup.class.getClassLoader()).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
        return all.stream()
            .filter(p -> p.name().equals(name))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException(
                    "no " + spi.getSimpleName() + " plugin named '" + name + "'; known: "
                        + all.stream().map(Plugin::name).sorted().toList()));
      }
    };
  }
}
