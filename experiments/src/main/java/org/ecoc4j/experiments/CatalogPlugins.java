package org.ecoc4j.experiments;

import java.util.Objects;
import org.ecoc4j.api.plugin.Plugin;
import org.ecoc4j.host.PluginCatalog;
import org.ecoc4j.host.PluginRegistry;

/**
 * A plugin catalog of the host (built-in plugins and plugin jars) as a {@link PluginLookup}: an
 * unknown name is an {@link org.ecoc4j.host.UnknownPluginException} listing the known ones. The
 * launcher finds its plugins through it; a product that loads plugin jars can too.
 */
public final class CatalogPlugins implements PluginLookup {

  private final PluginCatalog catalog;

  /** A lookup in {@code catalog}. */
  public CatalogPlugins(PluginCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public <T extends Plugin> T find(Class<T> spi, String name) {
    for (PluginRegistry<?> registry : catalog.registries()) {
      if (registry.kind().type() == spi) {
        return spi.cast(registry.require(name).plugin());
      }
    }
    throw new IllegalArgumentException("the plugin catalog has no plugin kind for "
        + spi.getName());
  }
}
