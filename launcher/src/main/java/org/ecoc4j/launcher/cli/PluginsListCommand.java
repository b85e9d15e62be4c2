package org.ecoc4j.launcher.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.store.Json;
import org.ecoc4j.host.PluginCatalog;
import org.ecoc4j.host.PluginEntry;
import org.ecoc4j.host.PluginLoadProblem;
import org.ecoc4j.host.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ecoc4j plugins list}: every plugin by SPI with name, version, origin and description. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "List every plugin by SPI: name, version, origin (built-in or jar) and description.")
public final class PluginsListCommand implements Runnable {

  private final Provider<PluginCatalog> catalog;
  private final Console console;

  @Option(names = "--json", description = "Print JSON instead of a table.")
  private boolean json;

  /** Creates the command. */
  @Inject
  public PluginsListCommand(Provider<PluginCatalog> catalog, Console console) {
    this.catalog = catalog;
    this.console = console;
  }

  /** Prints the plugins. */
  @Override
  public void run() {
    PluginCatalog plugins = catalog.get();
    console.print(json ? json(plugins) : table(plugins));
  }

  private static String json(PluginCatalog plugins) {
    ObjectNode root = Json.mapper().createObjectNode();
    ArrayNode list = root.putArray("plugins");
    for (PluginRegistry<?> registry : plugins.registries()) {
      for (PluginEntry<?> entry : registry.entries()) {
        ObjectNode node = list.addObject();
        node.put("spi", entry.kind().key());
        node.put("name", entry.name());
        node.put("description", entry.plugin().description());
        node.put("origin", entry.origin().toString());
        if (entry.version().isPresent()) {
          node.put("version", entry.version().get());
        } else {
          node.putNull("version");
        }
      }
    }
    ArrayNode problems = root.putArray("problems");
    for (PluginLoadProblem problem : plugins.problems()) {
      ObjectNode node = problems.addObject();
      node.put("origin", problem.origin().toString());
      node.put("cause", problem.cause());
    }
    return Json.text(root);
  }

  private static String table(PluginCatalog plugins) {
    StringBuilder text = new StringBuilder();
    for (PluginRegistry<?> registry : plugins.registries()) {
      text.append(registry.kind().title()).append("s:\n");
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"NAME", "VERSION", "ORIGIN", "DESCRIPTION"});
      for (PluginEntry<?> entry : registry.entries()) {
        rows.add(new String[] {
          entry.name(), entry.versionText(), entry.origin().toString(), entry.plugin().description()
        });
      }
      if (rows.size() == 1) {
        text.append("  (none)\n");
      } else {
        text.append(Table.format(rows, "  "));
      }
    }
    if (!plugins.problems().isEmpty()) {
      text.append("failed to load:\n");
      for (PluginLoadProblem problem : plugins.problems()) {
        text.append("  ").append(problem.message()).append('\n');
      }
    }
    return text.toString();
  }
}
