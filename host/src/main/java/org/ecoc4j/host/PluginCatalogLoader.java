package org.ecoc4j.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.ecoc4j.api.plugin.Plugin;

/**
 * Builds the {@link PluginCatalog}: built-in plugins found with {@link ServiceLoader} in the boot
 * layer, then every {@code *.jar} of the plugins folder, each in its own layer.
 *
 * <p>A jar that fails to load becomes a {@link PluginLoadProblem} and the others still load. Two
 * plugins of one SPI with the same name end the load with a {@link DuplicatePluginException}.
 */
public final class PluginCatalogLoader {

  private final ModuleLayer bootLayer;
  private final PluginLayerLoader layerLoader;

  /** A loader whose built-in plugins come from {@code bootLayer}, the parent of plugin layers. */
  public PluginCatalogLoader(ModuleLayer bootLayer) {
    this.bootLayer = bootLayer;
    this.layerLoader = new PluginLayerLoader(bootLayer);
  }

  /**
   * Loads built-in plugins and those of {@code pluginsFolder}.
   *
   * @param pluginsFolder the folder of plugin jars; empty, or a folder that does not exist, adds
   *     no jars
   * @throws DuplicatePluginException if two plugins of one SPI share a name
   * @throws UncheckedIOException if the folder cannot be listed
   */
  public PluginCatalog load(Optional<Path> pluginsFolder) {
    List<PluginEntry<?>> entries = new ArrayList<>();
    List<PluginLoadProblem> problems = new ArrayList<>();
    List<Path> loaded = new ArrayList<>();
    for (PluginKind<?> kind : PluginKinds.ALL) {
      builtIn(kind, entries, problems);
    }
    for (Path jar : jars(pluginsFolder)) {
      try {
        entries.addAll(layerLoader.load(jar));
        loaded.add(jar);
      } catch (PluginLoadException e) {
        problems.add(e.problem());
      }
    }
    List<PluginRegistry<?>> registries = new ArrayList<>();
    for (PluginKind<?> kind : PluginKinds.ALL) {
      registries.add(registry(kind, entries));
    }
    return new PluginCatalog(registries, problems, loaded);
  }

  private <T extends Plugin> void builtIn(
      PluginKind<T> kind, List<PluginEntry<?>> entries, List<PluginLoadProblem> problems) {
    PluginCatalogLoader.class.getModule().addUses(kind.type());
    List<ServiceLoader.Provider<T>> providers;
    try {
      providers = ServiceLoader.load(bootLayer, kind.type()).stream().toList();
    } catch (ServiceConfigurationError e) {
      problems.add(new PluginLoadProblem(PluginOrigin.builtIn(), Causes.describe(e)));
      return;
    }
    for (ServiceLoader.Provider<T> provider : providers) {
      try {
        entries.add(PluginEntries.of(kind, provider.get(), PluginOrigin.builtIn()));
      } catch (PluginLoadException e) {
        problems.add(e.problem());
      } catch (ServiceConfigurationError | RuntimeException e) {
        problems.add(new PluginLoadProblem(PluginOrigin.builtIn(), Causes.describe(e)));
      }
    }
  }

  private static List<Path> jars(Optional<Path> folder) {
    if (folder.isEmpty() || !Files.isDirectory(folder.get())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder.get())) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".jar"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the plugins folder " + folder.get(), e);
    }
  }

  private static <T extends Plugin> PluginRegistry<T> registry(
      PluginKind<T> kind, List<PluginEntry<?>> entries) {
    List<PluginEntry<T>> ofKind = new ArrayList<>();
    for (PluginEntry<?> entry : entries) {
      if (entry.kind().equals(kind)) {
        ofKind.add(cast(kind, entry));
      }
    }
    return PluginRegistry.of(kind, ofKind);
  }

  private static <T extends Plugin> PluginEntry<T> cast(PluginKind<T> kind, PluginEntry<?> entry) {
    return new PluginEntry<>(kind, kind.cast(entry.plugin()), entry.origin(), entry.version());
  }
}
