package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.ecoc4j.launcher.config.PluginOptionResolver;
import org.ecoc4j.launcher.config.ResolvedOptions;
import org.ecoc4j.store.CodebookFiles;
import org.ecoc4j.launcher.io.DecisionsReport;
import org.ecoc4j.store.OutputsCsv;
import org.ecoc4j.host.PluginEntry;
import org.ecoc4j.host.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ecoc4j codebook decode}: decodes rows of network outputs (CSV) with a decoder bound to
 * codebooks written by {@code codebook generate}, printing class, confidence and rejection per row.
 */
@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = {
      "Decode rows of network outputs (CSV) into class, confidence and rejection.",
      "Each row holds members x code length numbers: member 0's outputs, then member 1's, ..."
    })
public final class CodebookDecodeCommand implements Runnable {

  private final Provider<PluginRegistry<Decoder>> decoders;
  private final Provider<PluginOptionResolver> resolver;
  private final LaunchEnvironment environment;
  private final Console console;

  @Option(
      names = "--codebook",
      required = true,
      paramLabel = "FILE",
      description = "Codebooks from 'codebook generate' (JSON keeps linear codes; or CSV).")
  private Path codebookFile;

  @Option(
      names = "--decoder",
      required = true,
      paramLabel = "NAME",
      description = "Decoder, e.g. euclidean, zadeh ('ecoc4j plugins list').")
  private String decoder;

  @Option(names = "--outputs", required = true, paramLabel = "FILE", description = "Outputs CSV.")
  private Path outputsFile;

  @Option(names = "--json", description = "Print JSON instead of CSV.")
  private boolean json;

  @Mixin private PluginOptionsMixin pluginOptions;

  /** Creates the command. */
  @Inject
  public CodebookDecodeCommand(
      Provider<PluginRegistry<Decoder>> decoders,
      Provider<PluginOptionResolver> resolver,
      LaunchEnvironment environment,
      Console console) {
    this.decoders = decoders;
    this.resolver = resolver;
    this.environment = environment;
    this.console = console;
  }

  /** Reads, decodes and prints. */
  @Override
  public void run() {
    PluginRegistry<Decoder> registry = decoders.get();
    PluginEntry<Decoder> entry = registry.require(decoder);
    ResolvedOptions resolved = resolver.get().resolve(registry, entry, pluginOptions.values());
    List<Codebook> codebooks = CodebookFiles.read(environment.resolve(codebookFile));
    PreparedDecoder prepared = entry.plugin().prepare(codebooks, resolved.raw());
    float[] outputs = OutputsCsv.read(environment.resolve(outputsFile), prepared.outputWidth());
    int batch = prepared.batchOf(outputs);
    Decisions decisions = Decisions.withCapacity(batch);
    prepared.decode(outputs, decisions);
    console.print(
        json
            ? DecisionsReport.json(entry.name(), resolved.options().asText(), decisions)
            : DecisionsReport.csv(decisions));
  }
}
