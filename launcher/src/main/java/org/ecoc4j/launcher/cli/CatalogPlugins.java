package org.ecoc4j.launcher.cli;

import org.ecoc4j.api.plugin.Plugin;
import org.ecoc4j.experiments.PluginLookup;
import org.ecoc4j.host.PluginCatalog;
import org.ecoc4j.host.PluginRegistry;

/**
 * The launcher's plugins (built in and from plugin jars) as the experiments' {@link
 * PluginLookup}: an unknown name is an {@link org.ecoc4j.host.UnknownPluginException}
 * listing the known ones.
 */
final class CatalogPlugins implements PluginLookup {

  private final PluginCatalog catalog;

  CatalogPlugins(PluginCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public <T extends Plugin> T find(Class<T> spi, String name) {
    for (PluginRegistry<?> registry : catalog.registries()) {
      if (registry.kind().type() == spi) {
        return spi.cast(registry.require(name).plugin());
      }
    }
    throw new IllegalArgumentException("the launcher has no plugin kind for " + spi.getName());
  }
}
