package org.ecoc4j.host;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ecoc4j.api.plugin.Plugin;

/**
 * The plugins of one SPI by name: built-in ones and those from plugin jars, each name once.
 *
 * @param <T> the SPI type
 */
public final class PluginRegistry<T extends Plugin> {

  private final PluginKind<T> kind;
  private final Map<String, PluginEntry<T>> byName;

  private PluginRegistry(PluginKind<T> kind, Map<String, PluginEntry<T>> byName) {
    this.kind = kind;
    this.byName = Collections.unmodifiableMap(byName);
  }

  /**
   * A registry of {@code entries}.
   *
   * @throws DuplicatePluginException if two entries share a name; it names both origins
   * @throws IllegalArgumentException if an entry is of another kind
   */
  public static <T extends Plugin> PluginRegistry<T> of(
      PluginKind<T> kind, Collection<PluginEntry<T>> entries) {
    Map<String, PluginEntry<T>> byName = new TreeMap<>();
    for (PluginEntry<T> entry : entries) {
      if (!entry.kind().equals(kind)) {
        throw new IllegalArgumentException(
            "plugin '" + entry.name() + "' is a " + entry.kind() + ", not a " + kind);
      }
      PluginEntry<T> before = byName.putIfAbsent(entry.name(), entry);
      if (before != null) {
        throw new DuplicatePluginException(kind, entry.name(), before.origin(), entry.origin());
      }
    }
    return new PluginRegistry<>(kind, byName);
  }

  /** The SPI this registry holds. */
  public PluginKind<T> kind() {
    return kind;
  }

  /** Every entry, sorted by name. */
  public List<PluginEntry<T>> entries() {
    return List.copyOf(byName.values());
  }

  /** Every plugin name, sorted. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /** The entry named {@code name}, if loaded. */
  public Optional<PluginEntry<T>> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The entry named {@code name}.
   *
   * @throws UnknownPluginException if there is none; the message lists the available names
   */
  public PluginEntry<T> require(String name) {
    PluginEntry<T> entry = byName.get(name);
    if (entry == null) {
      throw new UnknownPluginException(
          "unknown " + kind.title() + " '" + name + "'; available: "
              + (byName.isEmpty() ? "(none)" : String.join(", ", byName.keySet())));
    }
    return entry;
  }
}
