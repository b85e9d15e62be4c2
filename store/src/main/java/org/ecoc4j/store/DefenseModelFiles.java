package org.ecoc4j.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.LearningRateSchedule;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.experiments.TrainedDefense;
import org.ecoc4j.experiments.PluginLookup;
import org.ecoc4j.experiments.ProvenanceJson;
import org.ecoc4j.experiments.TrainingProvenance;
import org.ecoc4j.experiments.TrainingRequest;

/**
 * Trained defenses in the {@link ModelDirectory} format: the description's {@code provenance} is
 * the {@link TrainingProvenance} written by {@link ProvenanceJson} (the {@code defense} block with
 * its name, every option value in effect, the names of those the defense derived, codebook seed
 * and the codebook generator with every option value it used; the decoder and backend with their
 * versions and options; the checkpoint format; the data with its options and sample counts; the
 * training configuration and the per-epoch history, every epoch since the start of a resumed
 * run, with its {@code resumes}; the versions), from which {@code ecoc4j
 * evaluate} prepares the same defense again (its own loss, class scores and adaptive objective),
 * as {@code ecoc4j attack} does too. The backend block holds every backend option value in
 * effect, defaults included. Tools that only read the format see the loss family: {@code
 * cross-entropy} or {@code tanh-squared-error}. A network imported from an ONNX file (the backend
 * option {@value ImportedGraph#OPTION}) is kept as {@link ImportedGraph} says. Model directories
 * written before (with {@code backendVersion} and {@code datasetSource} instead of the {@code
 * backend} and {@code data} blocks) load as before: only {@code defense} and {@code training}
 * are read back.
 */
public final class DefenseModelFiles {

  /** The key of the defense block that names the options the defense derived. */
  private static final String DERIVED = "derivedOptions";

  private DefenseModelFiles() {}

  /**
   * Writes the model directory of {@code trained} atomically ({@link AtomicFolders#write}).
   *
   * @param plugins where its defense, decoder and backend are found, for their versions and
   *     declared options
   * @throws InputFileException naming the file that could not be written, or when {@code folder}
   *     already holds files
   */
  public static void write(Path folder, TrainedDefense trained, PluginLookup plugins) {
    AtomicFolders.write(folder,
        staging -> writeInto(staging, trained, plugins, List.of(), List.of()));
  }

  /**
   * Writes the model files of {@code trained} and their {@link ModelManifest} into {@code
   * staging}, a folder that is renamed into place afterwards. The backend options that only
   * steered the run ({@value TrainingRunFolder#CHECKPOINT_OPTION}, {@value
   * TrainingRunFolder#RESUME_OPTION}) are not recorded.
   *
   * @param history every epoch of a resumed run, those before its resumes included, to record in
   *     place of the network's own history (which holds only the epochs after the last resume);
   *     empty to record the network's
   * @param resumes the run's resumes ({@link RunRecord#provenance}), recorded as {@code
   *     provenance.resumes} when there are any
   * @throws InputFileException naming the file that could not be written
   */
  public static void writeInto(Path staging, TrainedDefense trained, PluginLookup plugins,
      List<EpochSummary> history, List<Map<String, Object>> resumes) {
    PreparedDefense design = trained.design();
    TrainingRequest r = trained.request();
    TrainingProvenance recorded = TrainingProvenance.of(trained, plugins);
    Map<String, Object> provenance = new LinkedHashMap<>(ProvenanceJson.of(recorded));
    Map<String, String> backendOptions = new LinkedHashMap<>(recorded.backend().options());
    String graph = backendOptions.remove(ImportedGraph.OPTION);
    boolean runOnly = backendOptions.remove(TrainingRunFolder.CHECKPOINT_OPTION) != null;
    runOnly |= backendOptions.remove(TrainingRunFolder.RESUME_OPTION) != null;
    if (graph != null) {
      provenance.put(ImportedGraph.BLOCK, ImportedGraph.store(staging, Path.of(graph),
          plugins.find(Backend.class, recorded.backend().name())));
    }
    if (graph != null || runOnly) {
      @SuppressWarnings("unchecked")
      Map<String, Object> backend =
          new LinkedHashMap<>((Map<String, Object>) provenance.get("backend"));
      backend.put("options", new TreeMap<>(backendOptions));
      provenance.put("backend", backend);
    }
    if (!history.isEmpty()) {
      provenance.put("history", history.stream().map(ProvenanceJson::epoch).toList());
    }
    if (!resumes.isEmpty()) {
      provenance.put("resumes", resumes);
    }
    ModelDescription description =
        new ModelDescription(
            trained.network().spec(),
            switch (design.loss().kind()) {
              case CROSS_ENTROPY -> "cross-entropy";
              case TANH_SQUARED_ERROR -> "tanh-squared-error";
              case CODE_TABLE -> "code-table";
            },
            new PluginChoice(design.decoder(), design.decoderOptions()),
            new PluginChoice(r.backend(), backendOptions),
            new PluginChoice(trained.dataset().name(), r.datasetOptions()),
            provenance);
    boolean table = design.loss().kind() == LossSpec.Kind.CODE_TABLE;
    if (table) {
      writeCodeTable(staging, design.codeTables());
    }
    ModelDirectory.writeFiles(staging, trained.network(), description, table ? null
        : new CodebookDocument(design.name(), "defense", r.seed(), design.options(),
            design.derivedOptions(), design.codebooks()));
    ModelManifest.write(staging);
  }

  /** The code table, written into the staging folder before the manifest. */
  private static void writeCodeTable(Path folder, List<CodeTable> tables) {
    if (tables.size() != 1) {
      throw new IllegalStateException("a code-table model has one table, got " + tables.size());
    }
    Path file = folder.resolve(ModelDirectory.CODE_TABLE);
    try {
      tables.get(0).write(file);
    } catch (IOException e) {
      throw new InputFileException("cannot write the code table " + file, e);
    }
  }

  /**
   * The code tables a defense learned, saved with its model ({@value ModelDirectory#CODE_TABLE});
   * none for a model with codebooks.
   *
   * @throws InputFileException naming the file when it is missing or malformed
   */
  public static List<CodeTable> codeTables(SavedModel saved) {
    return saved.description().hasCodeTable()
        ? List.of(ModelDirectory.readCodeTable(saved.folder(), saved.description()))
        : List.of();
  }

  /** Whether {@link #write} wrote {@code saved}: its provenance has a {@code defense} block. */
  public static boolean isDefense(SavedModel saved) {
    return saved.description().provenance().get("defense") instanceof JsonNode node
        && node.isObject();
  }

  /**
   * What was trained into a model directory that {@link #write} wrote: the defense options
   * without the derived ones, which the defense derives again; the backend options include those
   * that reopen an imported graph ({@link ImportedGraph#backendOptions}).
   *
   * @throws InputFileException when its description has no {@code defense} block or a malformed
   *     one, naming the field, or its imported graph is missing or altered
   */
  public static TrainingRequest request(SavedModel saved) {
    Map<String, Object> p = saved.description().provenance();
    String where = "model description in " + saved.folder();
    JsonNode defense = node(p, "defense", where);
    JsonNode training = node(p, "training", where);
    Map<String, String> options = new LinkedHashMap<>();
    JsonNode given = defense.get("options");
    if (given != null && given.isObject()) {
      given.fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
    }
    defense.path(DERIVED).forEach(name -> options.remove(name.asText()));
    JsonNode name = defense.get("name");
    JsonNode seed = defense.get("seed");
    if (name == null || !name.isTextual() || seed == null || !seed.isIntegralNumber()) {
      throw new InputFileException(
          where + ": \"provenance.defense\" needs a \"name\" and an integer \"seed\"");
    }
    TrainingConfig config;
    try {
      config = new TrainingConfig(
          training.path("epochs").asInt(), training.path("batchSize").asInt(),
          training.path("learningRate").asDouble(), training.path("weightDecay").asDouble(),
          training.path("beta1").asDouble(), training.path("beta2").asDouble(),
          training.path("epsilon").asDouble(), training.path("seed").asLong(),
          training.path("shuffle").asBoolean(), LearningRateSchedule.constant());
    } catch (IllegalArgumentException e) {
      throw new InputFileException(where + ": \"provenance.training\": " + e.getMessage(), e);
    }
    Map<String, String> backendOptions =
        new LinkedHashMap<>(saved.description().backend().options());
    backendOptions.putAll(ImportedGraph.backendOptions(saved));
    return new TrainingRequest(
        name.asText(), options, saved.description().spec().architecture(),
        saved.description().backend().name(), backendOptions, config, seed.asLong(),
        saved.description().dataset().options());
  }

  /**
   * The share of the test split a model's training held out to select its deployed epoch
   * ({@code provenance.data.validationFraction}); empty for a model trained without selection.
   * Those images chose the model: evaluate it on the rest ({@code
   * ModelLoader.leavingOutValidation}).
   *
   * @throws InputFileException when the recorded value is not a number in (0, 1)
   */
  public static OptionalDouble validationFraction(SavedModel saved) {
    Object data = saved.description().provenance().get("data");
    if (!(data instanceof JsonNode node) || !node.has("validationFraction")) {
      return OptionalDouble.empty();
    }
    JsonNode value = node.get("validationFraction");
    if (!value.isNumber() || !(value.asDouble() > 0 && value.asDouble() < 1)) {
      throw new InputFileException("model description in " + saved.folder()
          + ": \"provenance.data.validationFraction\" must be a number between 0 and 1, got "
          + value);
    }
    return OptionalDouble.of(value.asDouble());
  }

  /**
   * The number of test images a model's training left to evaluate on ({@code
   * provenance.data.testSamples}: after holding out a validation split), empty when not recorded.
   */
  public static OptionalInt testSamples(SavedModel saved) {
    Object data = saved.description().provenance().get("data");
    return data instanceof JsonNode node && node.path("testSamples").isIntegralNumber()
        ? OptionalInt.of(node.get("testSamples").asInt()) : OptionalInt.empty();
  }

  private static JsonNode node(Map<String, Object> provenance, String key, String where) {
    Object value = provenance.get(key);
    if (!(value instanceof JsonNode node) || !node.isObject()) {
      throw new InputFileException(
          where + " has no \"provenance." + key + "\": was it written by 'ecoc4j train'?");
    }
    return node;
  }
}
