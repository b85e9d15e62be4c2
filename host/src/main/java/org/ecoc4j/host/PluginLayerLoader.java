package org.ecoc4j.host;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.ecoc4j.api.plugin.Plugin;

/**
 * Loads one plugin jar into a module layer of its own, whose parent is the boot layer, and
 * returns the providers that jar declares.
 *
 * <p>An explicit module ({@code module-info.class}) declares its providers with {@code provides};
 * a plain jar becomes an automatic module whose providers come from {@code META-INF/services}.
 * Because every jar has its own layer, two jars may hold the same package names.
 */
public final class PluginLayerLoader {

  private final ModuleLayer parent;

  /**
   * Creates a loader whose layers have {@code parent} as parent; it must hold {@code ecoc4j.api}.
   */
  public PluginLayerLoader(ModuleLayer parent) {
    this.parent = parent;
  }

  /**
   * Loads {@code jar} and instantiates its providers of every kind in {@link PluginKinds#ALL}.
   *
   * @throws PluginLoadException naming the jar and the cause when the jar is not a module, does not
   *     resolve against the boot layer, or a provider fails to instantiate or is invalid
   */
  public List<PluginEntry<?>> load(Path jar) {
    PluginOrigin origin = PluginOrigin.jar(jar);
    try {
      ModuleFinder finder = ModuleFinder.of(jar);
      Set<ModuleReference> found = finder.findAll();
      if (found.size() != 1) {
        throw new PluginLoadException(origin, "not a single module (" + found.size() + " found)");
      }
      String moduleName = found.iterator().next().descriptor().name();
      Configuration configuration =
          parent.configuration().resolveAndBind(finder, ModuleFinder.of(), Set.of(moduleName));
      ModuleLayer layer =
          parent.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
      List<PluginEntry<?>> entries = new ArrayList<>();
      for (PluginKind<?> kind : PluginKinds.ALL) {
        entries.addAll(providers(layer, kind, origin));
      }
      if (entries.isEmpty()) {
        throw new PluginLoadException(
            origin, "module " + moduleName + " provides no ecoc4j plugin");
      }
      return entries;
    } catch (PluginLoadException e) {
      throw e;
    } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
      throw new PluginLoadException(origin, Causes.describe(e));
    }
  }

  private static <T extends Plugin> List<PluginEntry<T>> providers(
      ModuleLayer layer, PluginKind<T> kind, PluginOrigin origin) {
    PluginLayerLoader.class.getModule().addUses(kind.type());
    List<PluginEntry<T>> entries = new ArrayList<>();
    ServiceLoader.load(layer, kind.type()).stream()
        .filter(provider -> provider.type().getModule().getLayer() == layer)
        .forEach(provider -> entries.add(PluginEntries.of(kind, provider.get(), origin)));
    return entries;
  }
}
