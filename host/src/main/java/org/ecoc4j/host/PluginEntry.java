package org.ecoc4j.host;

import java.util.Objects;
import java.util.Optional;
import org.ecoc4j.api.plugin.Plugin;

/**
 * A loaded plugin with what the host knows about it.
 *
 * @param <T> the SPI type
 * @param kind the SPI it provides
 * @param plugin the provider instance
 * @param origin built in or the jar it came from
 * @param version module version or jar manifest {@code Implementation-Version}, if either is known
 */
public record PluginEntry<T extends Plugin>(
    PluginKind<T> kind, T plugin, PluginOrigin origin, Optional<String> version) {

  /** Checks that nothing is missing. */
  public PluginEntry {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(plugin, "plugin");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(version, "version");
  }

  /** The plugin's name. */
  public String name() {
    return plugin.name();
  }

  /** The version, or {@code unknown}. */
  public String versionText() {
    return version.orElse("unknown");
  }
}
