package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.OptionType;
import org.ecoc4j.host.PluginCatalog;
import org.ecoc4j.host.PluginEntry;
import org.ecoc4j.host.PluginRegistry;
import org.ecoc4j.host.UnknownPluginException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ecoc4j plugins show NAME}: a plugin's description, origin, version and options with their
 * types, defaults and configuration keys. A name used by several SPIs shows each.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Show a plugin's description, origin, version and options.")
public final class PluginsShowCommand implements Runnable {

  private final Provider<PluginCatalog> catalog;
  private final Console console;

  @Parameters(paramLabel = "NAME", description = "The plugin's name, as 'plugins list' shows it.")
  private String name;

  /** Creates the command. */
  @Inject
  public PluginsShowCommand(Provider<PluginCatalog> catalog, Console console) {
    this.catalog = catalog;
    this.console = console;
  }

  /**
   * Prints the plugin.
   *
   * @throws UnknownPluginException if no plugin has the name; it lists the available names
   */
  @Override
  public void run() {
    PluginCatalog plugins = catalog.get();
    List<PluginEntry<?>> found = plugins.findAll(name);
    if (found.isEmpty()) {
      TreeSet<String> names = new TreeSet<>();
      for (PluginRegistry<?> registry : plugins.registries()) {
        names.addAll(registry.names());
      }
      throw new UnknownPluginException(
          "unknown plugin '" + name + "'; available: "
              + (names.isEmpty() ? "(none)" : String.join(", ", names)));
    }
    StringBuilder text = new StringBuilder();
    for (PluginEntry<?> entry : found) {
      text.append(describe(entry));
    }
    console.print(text.toString());
  }

  private static String describe(PluginEntry<?> entry) {
    String prefix = "ecoc4j." + entry.kind().key() + "." + entry.name() + ".";
    StringBuilder text = new StringBuilder();
    text.append(entry.kind().title()).append(' ').append(entry.name()).append('\n')
        .append("  ").append(entry.plugin().description()).append('\n')
        .append("  version ").append(entry.versionText())
        .append(", origin ").append(entry.origin()).append('\n')
        .append("options (command line: -O NAME=VALUE; configuration: ")
        .append(prefix).append("NAME):\n");
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "TYPE", "DEFAULT", "DESCRIPTION"});
    for (OptionSpec option : entry.kind().optionsOf(entry.plugin())) {
      rows.add(new String[] {
        option.name(),
        option.type() == OptionType.CHOICE
            ? String.join("|", option.choices())
            : option.type().name().toLowerCase(Locale.ROOT),
        option.defaultValue() == null ? "-" : option.defaultValue(),
        option.help()
      });
    }
    text.append(Table.format(rows, "  "));
    return text.toString();
  }
}
