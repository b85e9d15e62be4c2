package org.ecoc4j.experiments;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.CodebookOrigin;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.ModuleVersions;
import org.ecoc4j.api.plugin.Options;

/**
 * Where a trained defense came from, as one typed record built once ({@link #of}) and written by
 * {@link ProvenanceJson}: the plugins with their versions (read by {@link ModuleVersions}) and
 * every option value in effect (derived ones named), the codebooks' origin and seed, the data
 * (dataset, options, the sample counts of every split), the training configuration and history,
 * the epoch model selection deployed, and the versions of
 * the code and the runtime. The device is the backend's {@code device} option, recorded with the
 * others.
 *
 * @param defense the defense, its options and the names of those it derived
 * @param codebookSeed the seed of the defense's codebooks
 * @param codebooks the generator that drew them, or empty for fixed codebooks
 * @param loss the training loss, as the defense describes it
 * @param adaptiveObjective the objective that attacks the defense adaptively
 * @param members member networks M
 * @param outputsPerMember outputs of each member
 * @param decoder the deployed decoder and its options
 * @param architecture the architecture trained
 * @param backend the backend and every option value in effect
 * @param checkpointFormat the backend's checkpoint format
 * @param data the dataset
 * @param training the training configuration (with its seed)
 * @param trainingSeconds how long training took
 * @param history the per-epoch summaries
 * @param selectedEpoch the last stage's epoch deployed after model selection on a validation
 *     split; empty when the last epoch is deployed
 * @param runtime versions of ecoc4j, Java and the operating system
 */
public record TrainingProvenance(
    PluginUse defense,
    long codebookSeed,
    Optional<CodebookOrigin> codebooks,
    String loss,
    String adaptiveObjective,
    int members,
    int outputsPerMember,
    PluginUse decoder,
    String architecture,
    PluginUse backend,
    String checkpointFormat,
    DataUse data,
    TrainingConfig training,
    double trainingSeconds,
    List<EpochSummary> history,
    OptionalInt selectedEpoch,
    Runtime runtime) {

  /** Refuses nulls; copies the history. */
  public TrainingProvenance {
    Objects.requireNonNull(defense, "defense");
    Objects.requireNonNull(codebooks, "codebooks");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(training, "training");
    history = List.copyOf(history);
    Objects.requireNonNull(selectedEpoch, "selectedEpoch");
    Objects.requireNonNull(runtime, "runtime");
  }

  /**
   * A plugin as used: its name, version, every option value in effect and the names of the
   * derived ones.
   *
   * @param name the plugin's name
   * @param version its module's version
   * @param options every option value in effect, as text
   * @param derived the names of the values derived because they were not given
   */
  public record PluginUse(
      String name, String version, Map<String, String> options, List<String> derived) {

    /** Copies the collections. */
    public PluginUse {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
      options = Map.copyOf(options);
      derived = List.copyOf(derived);
    }
  }

  /**
   * The data a defense was trained on.
   *
   * @param name the dataset provider's name
   * @param source where the files came from
   * @param options every dataset option value in effect ({@code subset}, {@code data-dir})
   * @param trainSamples images in the training split as trained on (after any subset, without
   *     the generation split)
   * @param testSamples images in the test split (without the validation split)
   * @param generationSamples images held out of training to generate a learned codebook, 0 for
   *     none
   * @param validationSamples images held out of the test split to select the deployed epoch, 0
   *     for none
   * @param validationFraction the share of the test split held out as the validation split
   *     (stratified, seeded with the run's seed), 0 for none
   */
  public record DataUse(
      String name, String source, Map<String, String> options, int trainSamples,
      int testSamples, int generationSamples, int validationSamples, double validationFraction) {

    /** Copies the options. */
    public DataUse {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
      options = Map.copyOf(options);
    }
  }

  /**
   * The versions of the code and the runtime.
   *
   * @param ecoc4j the version of ecoc4j's modules
   * @param java the Java runtime's version
   * @param os the operating system and architecture
   */
  public record Runtime(String ecoc4j, String java, String os) {

    /** This process's versions. */
    public static Runtime current() {
      return new Runtime(
          ModuleVersions.text(TrainingProvenance.class), System.getProperty("java.version"),
          System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }
  }

  /**
   * The provenance of {@code trained}, its dataset options read from its request.
   *
   * @param plugins where its defense, decoder and backend are found, for their versions and
   *     declared options
   */
  public static TrainingProvenance of(
      TrainedDefense trained, PluginLookup plugins) {
    PreparedDefense design = trained.design();
    TrainingRequest r = trained.request();
    Backend backend = plugins.find(Backend.class, r.backend());
    Decoder decoder = plugins.find(Decoder.class, design.decoder());
    Defense defense = plugins.find(Defense.class, design.name());
    return new TrainingProvenance(
        new PluginUse(
            design.name(), ModuleVersions.text(defense.getClass()), design.options(),
            design.derivedOptions()),
        r.seed(),
        design.codebookOrigin(),
        design.loss().toString(),
        design.adaptiveObjective(),
        design.members(),
        design.outputsPerMember(),
        new PluginUse(
            design.decoder(), ModuleVersions.text(decoder.getClass()),
            Options.parse(decoder.options(), design.decoderOptions()).asText(), List.of()),
        r.architecture(),
        new PluginUse(
            r.backend(), ModuleVersions.text(backend.getClass()),
            Options.parse(backend.options(), r.backendOptions()).asText(), List.of()),
        backend.checkpointFormat(),
        new DataUse(
            trained.dataset().name(), trained.dataset().source(), r.datasetOptions(),
            trained.splits().train(), trained.splits().test(), trained.splits().generation(),
            trained.splits().validation(), trained.splits().validationFraction()),
        r.config(),
        trained.seconds(),
        trained.network().history(),
        trained.splits().selectedEpoch(),
        Runtime.current());
  }
}
