package org.ecoc4j.host;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a plugin came from: built in (the host's module layer, the launcher's module path) or a
 * jar in the plugins folder.
 */
public final class PluginOrigin {

  private static final PluginOrigin BUILT_IN = new PluginOrigin(null);

  private final Path jar;

  private PluginOrigin(Path jar) {
    this.jar = jar;
  }

  /** A plugin found in the host's module layer (the boot layer for the launcher). */
  public static PluginOrigin builtIn() {
    return BUILT_IN;
  }

  /** A plugin loaded from {@code jar} into a layer of its own. */
  public static PluginOrigin jar(Path jar) {
    return new PluginOrigin(jar.toAbsolutePath().normalize());
  }

  /** The jar the plugin was loaded from; empty for built-in plugins. */
  public Optional<Path> jarPath() {
    return Optional.ofNullable(jar);
  }

  /** Whether the plugin is built in. */
  public boolean isBuiltIn() {
    return jar == null;
  }

  /** {@code built-in} or the jar's absolute path. */
  @Override
  public String toString() {
    return jar == null ? "built-in" : jar.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PluginOrigin && Objects.equals(jar, ((PluginOrigin) o).jar);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(jar);
  }
}
