package org.ecoc4j.launcher;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.util.Types;
import java.nio.file.Path;
import java.util.Optional;
import org.ecoc4j.api.plugin.Plugin;
import org.ecoc4j.launcher.cli.Console;
import org.ecoc4j.launcher.cli.GlobalOptions;
import org.ecoc4j.launcher.config.BackendSelector;
import org.ecoc4j.launcher.config.LauncherConfig;
import org.ecoc4j.launcher.config.PluginOptionResolver;
import org.ecoc4j.launcher.config.PluginsFolder;
import org.ecoc4j.host.PluginCatalog;
import org.ecoc4j.host.PluginCatalogLoader;
import org.ecoc4j.host.PluginKind;
import org.ecoc4j.host.PluginKinds;
import org.ecoc4j.host.PluginLoadProblem;
import org.ecoc4j.host.PluginRegistry;
import org.eclipse.microprofile.config.Config;

/**
 * The launcher's Guice bindings: environment, console, configuration, the plugin catalog and one
 * {@code PluginRegistry<T>} per SPI of {@link PluginKinds#ALL}.
 *
 * <p>Configuration and plugins are singletons built on first use, which is after picocli has
 * parsed {@code --config} and {@code --plugins}.
 */
final class LauncherModule extends AbstractModule {

  private final LaunchEnvironment environment;
  private final Console console;

  LauncherModule(LaunchEnvironment environment, Console console) {
    this.environment = environment;
    this.console = console;
  }

  @Override
  protected void configure() {
    bind(LaunchEnvironment.class).toInstance(environment);
    bind(Console.class).toInstance(console);
    Provider<PluginCatalog> catalog = getProvider(PluginCatalog.class);
    for (PluginKind<?> kind : PluginKinds.ALL) {
      bindRegistry(kind, catalog);
    }
  }

  private <T extends Plugin> void bindRegistry(PluginKind<T> kind, Provider<PluginCatalog> catalog) {
    @SuppressWarnings("unchecked") // PluginRegistry<T> for the kind's own SPI type T
    Key<PluginRegistry<T>> key =
        (Key<PluginRegistry<T>>) Key.get(Types.newParameterizedType(PluginRegistry.class, kind.type()));
    bind(key).toProvider(() -> catalog.get().registry(kind));
  }

  @Provides
  @Singleton
  Config config(GlobalOptions options) {
    return LauncherConfig.build(environment, options.configFile(), console::error);
  }

  @Provides
  @Singleton
  PluginOptionResolver pluginOptionResolver(Config config) {
    return new PluginOptionResolver(config);
  }

  @Provides
  @Singleton
  BackendSelector backendSelector(Config config) {
    return new BackendSelector(config);
  }

  @Provides
  @Singleton
  PluginCatalog pluginCatalog(GlobalOptions options, Config config) {
    Optional<Path> folder = PluginsFolder.resolve(environment, options.pluginsFolder(), config);
    PluginsFolder.unloadedWorkingDirectoryJars(environment, folder).ifPresent(console::error);
    PluginCatalog catalog = new PluginCatalogLoader(ModuleLayer.boot()).load(folder);
    PluginsFolder.loadedJarsNotice(folder, catalog.loadedJars()).ifPresent(console::error);
    for (PluginLoadProblem problem : catalog.problems()) {
      console.error("ecoc4j: " + problem.message());
    }
    return catalog;
  }
}
