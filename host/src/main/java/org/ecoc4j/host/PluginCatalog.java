package org.ecoc4j.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.plugin.Plugin;

/**
 * Every loaded plugin, one {@link PluginRegistry} per SPI of {@link PluginKinds#ALL}, and the
 * plugin sources that failed to load.
 */
public final class PluginCatalog {

  private final Map<PluginKind<?>, PluginRegistry<?>> registries;
  private final List<PluginLoadProblem> problems;
  private final List<Path> loadedJars;

  /**
   * Creates the catalog.
   *
   * @param registries one registry per kind of {@link PluginKinds#ALL}
   * @param problems sources that failed to load, in the order met
   * @param loadedJars the plugin jars that loaded, in the order loaded
   * @throws IllegalArgumentException if a kind has no registry
   */
  public PluginCatalog(
      List<PluginRegistry<?>> registries, List<PluginLoadProblem> problems,
      List<Path> loadedJars) {
    Map<PluginKind<?>, PluginRegistry<?>> byKind = new LinkedHashMap<>();
    for (PluginRegistry<?> registry : registries) {
      byKind.put(registry.kind(), registry);
    }
    for (PluginKind<?> kind : PluginKinds.ALL) {
      if (!byKind.containsKey(kind)) {
        throw new IllegalArgumentException("no registry for " + kind.title() + "s");
      }
    }
    this.registries = byKind;
    this.problems = List.copyOf(Objects.requireNonNull(problems, "problems"));
    this.loadedJars = List.copyOf(Objects.requireNonNull(loadedJars, "loadedJars"));
  }

  /** The registry of {@code kind}. */
  @SuppressWarnings("unchecked") // the constructor keys each registry by its own kind
  public <T extends Plugin> PluginRegistry<T> registry(PluginKind<T> kind) {
    PluginRegistry<?> registry = registries.get(kind);
    if (registry == null) {
      throw new IllegalArgumentException("no registry for " + kind.title() + "s");
    }
    return (PluginRegistry<T>) registry;
  }

  /** Every registry, in the order of {@link PluginKinds#ALL}. */
  public List<PluginRegistry<?>> registries() {
    return List.copyOf(registries.values());
  }

  /** Every plugin named {@code name}, one per SPI that has one. */
  public List<PluginEntry<?>> findAll(String name) {
    List<PluginEntry<?>> found = new ArrayList<>();
    for (PluginRegistry<?> registry : registries.values()) {
      registry.find(name).ifPresent(found::add);
    }
    return found;
  }

  /** Plugin sources that could not be loaded. */
  public List<PluginLoadProblem> problems() {
    return problems;
  }

  /** The plugin jars whose code was loaded, in the order loaded. */
  public List<Path> loadedJars() {
    return loadedJars;
  }
}
