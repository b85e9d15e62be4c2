package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.backends.onnx.export.DefendedModelExport;
import org.ecoc4j.experiments.CatalogPlugins;
import org.ecoc4j.experiments.TrainingRequest;
import org.ecoc4j.host.PluginCatalog;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.ecoc4j.store.DefenseModelFiles;
import org.ecoc4j.store.InputFileException;
import org.ecoc4j.store.ModelDirectory;
import org.ecoc4j.store.PluginChoice;
import org.ecoc4j.store.SavedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ecoc4j export --model DIR --out FILE.onnx}: writes a model directory's whole defended
 * model (members, decoder, combination, decision and rejection) as one ONNX file through {@link
 * DefendedModelExport}, with its binary codebooks or its learned code table. The directory is
 * read and checked against its manifest first; a defense
 * whose deployed network is randomized, or a decoder the export cannot write, is refused by name
 * and nothing is written. An existing {@code --out} file, or one in a folder that does not exist,
 * is a usage error before any work.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Write a trained model directory as one ONNX file: members, decoder, "
        + "decision and rejection (outputs scores, class, rejected, confidence).")
public final class ExportCommand implements Runnable {

  private final Provider<PluginCatalog> catalog;
  private final LaunchEnvironment environment;
  private final Console console;

  @Spec private CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Model directory written by 'ecoc4j train'.")
  private Path model;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "The ONNX file to write (must not exist).")
  private Path out;

  /** Creates the command. */
  @Inject
  public ExportCommand(
      Provider<PluginCatalog> catalog, LaunchEnvironment environment, Console console) {
    this.catalog = catalog;
    this.environment = environment;
    this.console = console;
  }

  /** Reads, checks, exports. */
  @Override
  public void run() {
    Path file = writableFile();
    SavedModel saved = ModelDirectory.read(environment.resolve(model));
    if (!saved.verified()) {
      console.error(saved.unverifiedWarning());
    }
    CatalogPlugins plugins = new CatalogPlugins(catalog.get());
    List<CodeTable> tables = DefenseModelFiles.codeTables(saved);
    int classes = tables.isEmpty() ? saved.codebooks().get(0).classes() : tables.get(0).classes();
    if (DefenseModelFiles.isDefense(saved)) {
      TrainingRequest r = DefenseModelFiles.request(saved);
      PreparedDefense design = plugins.find(Defense.class, r.defense()).prepare(
          classes, r.seed(), r.defenseOptions(), plugins);
      if (design.randomized()) {
        throw new IllegalArgumentException("the defense '" + r.defense() + "' deploys a"
            + " randomized network (its inference draws afresh for each batch), which one ONNX"
            + " graph of the members cannot reproduce; nothing written");
      }
    }
    PluginChoice choice = saved.description().decoder();
    Decoder decoder = plugins.find(Decoder.class, choice.name());
    if (tables.isEmpty()) {
      DefendedModelExport.write(
          file, inferenceModel(saved), decoder, choice.options(), saved.codebooks());
    } else {
      DefendedModelExport.writeWithCodeTables(
          file, inferenceModel(saved), decoder, choice.options(), tables);
    }
    console.print("exported " + model + " (" + saved.description().spec().members()
        + " members, decoder " + choice.name() + ") to " + out);
  }

  /** The {@code --out} file, refused as a usage error when it exists or its folder does not. */
  private Path writableFile() {
    if (out.toString().isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--out must name a file");
    }
    Path file = environment.resolve(out);
    if (Files.exists(file)) {
      throw new ParameterException(spec.commandLine(),
          "--out " + out + " already exists; choose another file");
    }
    if (!Files.isDirectory(file.toAbsolutePath().getParent())) {
      throw new ParameterException(spec.commandLine(),
          "--out " + out + ": its folder does not exist");
    }
    return file;
  }

  private static byte[] inferenceModel(SavedModel saved) {
    try {
      return Files.readAllBytes(saved.inference());
    } catch (IOException e) {
      throw new InputFileException("cannot read the inference model " + saved.inference() + ": "
          + e.getMessage(), e);
    }
  }
}
