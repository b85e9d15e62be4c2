package org.ecoc4j.host;

import java.util.Map;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.plugin.Plugin;
import org.ecoc4j.api.plugin.ModuleVersions;

/** Checks a freshly instantiated provider and wraps it into a {@link PluginEntry}. */
final class PluginEntries {

  private static final String NAME_PATTERN = "[a-z][a-z0-9]*(-[a-z0-9]+)*";

  private PluginEntries() {}

  /**
   * Wraps {@code plugin}, recording its origin and its module's version.
   *
   * @throws PluginLoadException if the name is missing or not lower-case words joined by hyphens,
   *     the description is missing, or the declared options are inconsistent
   */
  static <T extends Plugin> PluginEntry<T> of(PluginKind<T> kind, T plugin, PluginOrigin origin) {
    String name = plugin.name();
    if (name == null || !name.matches(NAME_PATTERN)) {
      throw new PluginLoadException(
          origin,
          kind.title() + " " + plugin.getClass().getName() + " has the invalid name '" + name
              + "' (lower-case words joined by hyphens expected)");
    }
    if (plugin.description() == null) {
      throw new PluginLoadException(origin, kind.title() + " '" + name + "' has no description");
    }
    try {
      Options.parse(kind.optionsOf(plugin), Map.of());
    } catch (RuntimeException e) {
      throw new PluginLoadException(
          origin, kind.title() + " '" + name + "' declares invalid options: " + Causes.describe(e));
    }
    return new PluginEntry<>(kind, plugin, origin, ModuleVersions.of(plugin.getClass().getModule()));
  }
}
