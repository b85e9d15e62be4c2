package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.datasets.png.PngImages;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.ecoc4j.launcher.config.PluginOptionResolver;
import org.ecoc4j.launcher.config.ResolvedOptions;
import org.ecoc4j.host.PluginEntry;
import org.ecoc4j.host.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ecoc4j data show NAME --index I --out FILE}: writes one image of a dataset as a PNG and
 * prints its class. The dataset is opened by its provider with the usual options ({@code
 * --data-dir}, configuration, {@code -O}); without a folder the bundled sample is shown.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Write one image of a dataset as a PNG file and print its class.")
public final class DataShowCommand implements Runnable {

  private static final String DATA_DIR = "data-dir";

  private final Provider<PluginRegistry<DatasetProvider>> datasets;
  private final Provider<PluginOptionResolver> resolver;
  private final LaunchEnvironment environment;
  private final Console console;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "Dataset, e.g. fashion-mnist, mnist, cifar10 ('ecoc4j plugins list').")
  private String name;

  @Option(names = "--index", required = true, paramLabel = "I", description = "Image index.")
  private int index;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "PNG file to write.")
  private Path out;

  @Option(
      names = "--split",
      paramLabel = "SPLIT",
      defaultValue = "test",
      description = "train or test (default: ${DEFAULT-VALUE}).")
  private String split;

  @Option(
      names = "--scale",
      paramLabel = "N",
      defaultValue = "4",
      description = "Output pixels per image pixel, 1 to 64 (default: ${DEFAULT-VALUE}).")
  private int scale;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Folder with the dataset's files (default: the bundled sample).")
  private Path dataDir;

  @Mixin private PluginOptionsMixin pluginOptions;

  /** Creates the command. */
  @Inject
  public DataShowCommand(
      Provider<PluginRegistry<DatasetProvider>> datasets,
      Provider<PluginOptionResolver> resolver,
      LaunchEnvironment environment,
      Console console) {
    this.datasets = datasets;
    this.resolver = resolver;
    this.environment = environment;
    this.console = console;
  }

  /** Opens the dataset, writes the image and prints what it shows. */
  @Override
  public void run() {
    if (scale < 1 || scale > 64) {
      throw new ParameterException(spec.commandLine(), "--scale must be in [1, 64], got " + scale);
    }
    if (!split.equals("train") && !split.equals("test")) {
      throw new ParameterException(
          spec.commandLine(), "--split must be train or test, got '" + split + "'");
    }
    PluginRegistry<DatasetProvider> registry = datasets.get();
    PluginEntry<DatasetProvider> entry = registry.require(name);
    Map<String, String> commandLine = pluginOptions.values();
    if (dataDir != null) {
      commandLine.put(DATA_DIR, dataDir.toString());
    }
    ResolvedOptions resolved = resolver.get().resolve(registry, entry, commandLine);
    Dataset dataset = entry.plugin().open(withResolvedFolder(resolved.raw()));
    Split images = dataset.split(split);
    if (index < 0 || index >= images.size()) {
      throw new ParameterException(
          spec.commandLine(),
          "--index " + index + " is outside the " + split + " split of " + dataset.name() + " ("
              + images.size() + " images, 0 to " + (images.size() - 1) + ")");
    }
    Path file = environment.resolve(out);
    try {
      PngImages.write(images, index, scale, file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
    int label = images.label(index);
    console.print(
        "wrote " + split + " image " + index + " of " + dataset.name() + " (" + dataset.source()
            + "), class " + label + " '" + dataset.classNames().get(label) + "', to " + out);
  }

  /** The options with a relative {@code data-dir} resolved against the working directory. */
  private Map<String, String> withResolvedFolder(Map<String, String> raw) {
    Map<String, String> options = new LinkedHashMap<>(raw);
    String folder = options.get(DATA_DIR);
    if (folder != null && !folder.isBlank()) {
      options.put(DATA_DIR, environment.resolve(Path.of(folder.strip())).toString());
    }
    return options;
  }
}
