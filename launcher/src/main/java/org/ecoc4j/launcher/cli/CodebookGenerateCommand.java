package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.ecoc4j.launcher.config.PluginOptionResolver;
import org.ecoc4j.launcher.config.ResolvedOptions;
import org.ecoc4j.store.CodebookCsv;
import org.ecoc4j.store.CodebookDocument;
import org.ecoc4j.store.CodebookJson;
import org.ecoc4j.store.CodebookText;
import org.ecoc4j.store.TextFiles;
import org.ecoc4j.host.PluginEntry;
import org.ecoc4j.host.PluginKinds;
import org.ecoc4j.host.PluginRegistry;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ecoc4j codebook generate}: runs a codebook generator and prints or writes its codebooks
 * (+1/-1 rows per member) with their minimum and maximum Hamming distances.
 *
 * <p>{@code --length}, {@code --members} and {@code --seed} are the generator's common options:
 * they may also come from configuration ({@code ecoc4j.codebook.<generator>.length}) or {@code -O}.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Generate codebooks and print their Hamming distances.")
public final class CodebookGenerateCommand implements Runnable {

  private final Provider<PluginRegistry<CodebookGenerator>> generators;
  private final Provider<PluginOptionResolver> resolver;
  private final LaunchEnvironment environment;
  private final Console console;

  @Spec private CommandSpec spec;

  @Option(
      names = "--generator",
      required = true,
      paramLabel = "NAME",
      description = "Codebook generator, e.g. one-hot, random-binary ('ecoc4j plugins list').")
  private String generator;

  @Option(names = "--classes", required = true, paramLabel = "N", description = "Number of classes.")
  private int classes;

  @Option(names = "--length", paramLabel = "K", description = "Code length (generator default).")
  private Integer length;

  @Option(names = "--members", paramLabel = "M", description = "Ensemble members (default 1).")
  private Integer members;

  @Option(names = "--seed", paramLabel = "S", description = "Seed (default 0).")
  private Long seed;

  @ArgGroup(exclusive = true)
  private Format format = new Format();

  @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of printing.")
  private Path out;

  @Mixin private PluginOptionsMixin pluginOptions;

  /** Creates the command. */
  @Inject
  public CodebookGenerateCommand(
      Provider<PluginRegistry<CodebookGenerator>> generators,
      Provider<PluginOptionResolver> resolver,
      LaunchEnvironment environment,
      Console console) {
    this.generators = generators;
    this.resolver = resolver;
    this.environment = environment;
    this.console = console;
  }

  /** Output format choice: text (default), JSON or CSV. */
  static final class Format {
    @Option(names = "--json", description = "JSON, with linear codes' parity parts.")
    boolean json;

    @Option(names = "--csv", description = "CSV: member,class,bit0,...")
    boolean csv;
  }

  /** Generates and prints or writes the codebooks. */
  @Override
  public void run() {
    if (classes < 2) {
      throw new ParameterException(spec.commandLine(), "--classes must be at least 2, got " + classes);
    }
    PluginRegistry<CodebookGenerator> registry = generators.get();
    PluginEntry<CodebookGenerator> entry = registry.require(generator);
    Map<String, String> commandLine = pluginOptions.values();
    putIfGiven(commandLine, "length", length);
    putIfGiven(commandLine, "members", members);
    putIfGiven(commandLine, "seed", seed);
    ResolvedOptions resolved = resolver.get().resolve(registry, entry, commandLine);
    CodebookSpec request = request(resolved);
    List<Codebook> codebooks = entry.plugin().generate(request);
    check(codebooks, request);
    Options effective = entry.plugin().effectiveOptions(request);
    CodebookDocument document =
        new CodebookDocument(
            entry.name(), entry.versionText(), request.seed(), effective.asText(),
            effective.derived(), codebooks);
    String text =
        format.json
            ? CodebookJson.write(document)
            : format.csv ? CodebookCsv.write(document) : CodebookText.write(document);
    if (out == null) {
      console.print(text);
    } else {
      TextFiles.write(environment.resolve(out), text);
      console.print(
          "wrote " + document.members() + (document.members() == 1 ? " codebook" : " codebooks")
              + " (" + document.classes() + " classes x " + document.length() + " bits) to " + out);
    }
  }

  private CodebookSpec request(ResolvedOptions resolved) {
    Options options = resolved.options();
    Map<String, String> generatorOptions = withoutCommonOptions(resolved.raw());
    try {
      return new CodebookSpec(
          classes,
          options.has("length") ? OptionalInt.of(options.getInt("length")) : OptionalInt.empty(),
          options.getInt("members"),
          options.getLong("seed"),
          generatorOptions);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private void check(List<Codebook> codebooks, CodebookSpec request) {
    if (codebooks == null || codebooks.size() != request.members()) {
      throw new IllegalStateException(
          "codebook generator '" + generator + "' returned "
              + (codebooks == null ? "nothing" : codebooks.size() + " codebooks")
              + " for " + request.members() + " members");
    }
    for (Codebook codebook : codebooks) {
      if (codebook.classes() != request.classes()) {
        throw new IllegalStateException(
            "codebook generator '" + generator + "' returned a codebook of "
                + codebook.classes() + " classes for " + request.classes());
      }
    }
  }

  private static Map<String, String> withoutCommonOptions(Map<String, String> options) {
    Map<String, String> own = new LinkedHashMap<>(options);
    PluginKinds.CODEBOOK.commonOptions().forEach(common -> own.remove(common.name()));
    return own;
  }

  private static void putIfGiven(Map<String, String> options, String name, Number value) {
    if (value != null) {
      options.put(name, value.toString());
    }
  }
}
