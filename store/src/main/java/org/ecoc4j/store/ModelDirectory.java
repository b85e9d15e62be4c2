package org.ecoc4j.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.codebook.Codebook;

/**
 * The folder a trained model lives in, what {@code train} writes and {@code attack} reads:
 *
 * <ul>
 *   <li>{@value #DESCRIPTION}: format {@value #FORMAT}, the model spec, the training loss, the
 *       deployed decoder, the backend and the dataset (each a name with options) and free-form
 *       provenance;
 *   <li>{@value #CODEBOOKS}: the members' codebooks, as {@code codebook generate --json} writes
 *       them (one-hot rows for a cross-entropy model);
 *   <li>{@value #CHECKPOINT}: the backend's checkpoint ({@link TrainedNetwork#saveCheckpoint});
 *   <li>{@value #INFERENCE}: the plain inference model ({@link TrainedNetwork#exportInference});
 *   <li>{@value ModelManifest#FILE}: every other file's size and SHA-256 ({@link ModelManifest}),
 *       written last and checked on every {@link #read}.
 * </ul>
 *
 * <p>A model directory is never seen half-written: {@link #write} fills a temporary sibling
 * folder and renames it into place in one step ({@link AtomicFolders}); a failure removes the
 * temporary folder. A directory written before manifests existed still loads, unchecked: {@link
 * SavedModel#verified} says so and the commands print a warning.
 */
public final class ModelDirectory {

  /** The description file. */
  public static final String DESCRIPTION = "model.json";
  /** The codebook file. */
  public static final String CODEBOOKS = "codebooks.json";
  /** The checkpoint file. */
  public static final String CHECKPOINT = "checkpoint.ckpt";

  /**
   * The real-valued class codes of a model whose loss is {@code code-table} (a learned codebook,
   * contrastive ECOC), in {@link CodeTable}'s text format; its {@value #CODEBOOKS} lists no member.
   */
  public static final String CODE_TABLE = "code-table.txt";
  /** The exported inference model. */
  public static final String INFERENCE = "model.onnx";
  /** The format tag of {@value #DESCRIPTION}. */
  public static final String FORMAT = "ecoc4j-model/1";

  private ModelDirectory() {}

  /**
   * Writes a model directory atomically: into a temporary sibling, with its manifest, renamed to
   * {@code folder} at the end.
   *
   * @param codebooks the members' codebooks, or null for a model whose codes are a code table
   *     ({@value #CODE_TABLE}, which the caller adds to the staging folder: see {@link
   *     #writeFiles})
   * @throws InputFileException naming the file that could not be written, or when {@code folder}
   *     already holds files; {@code folder} is then left as it was
   */
  public static void write(
      Path folder, TrainedNetwork network, ModelDescription description,
      CodebookDocument codebooks) {
    AtomicFolders.write(folder, staging -> {
      writeFiles(staging, network, description, codebooks);
      ModelManifest.write(staging);
    });
  }

  /**
   * Writes the model files (not the manifest) into {@code folder}, an existing folder that is not
   * yet the model's place (a staging folder): the caller adds any further file, then {@link
   * ModelManifest#write} and renames it into place.
   *
   * @throws InputFileException naming the file that could not be written
   */
  public static void writeFiles(
      Path folder, TrainedNetwork network, ModelDescription description,
      CodebookDocument codebooks) {
    try {
      network.saveCheckpoint(folder.resolve(CHECKPOINT));
      network.exportInference(folder.resolve(INFERENCE));
    } catch (RuntimeException e) {
      throw new InputFileException("cannot write the model's " + CHECKPOINT + " or " + INFERENCE
          + " into " + folder + ": " + e.getMessage(), e);
    }
    if (codebooks != null) {
      TextFiles.write(folder.resolve(CODEBOOKS), CodebookJson.write(codebooks));
    }
    TextFiles.write(folder.resolve(DESCRIPTION), Json.text(toJson(description)));
  }

  /**
   * Reads a model directory, checks every file against its manifest and that its parts fit
   * together.
   *
   * @throws InputFileException naming the file and the problem: a file whose size or SHA-256
   *     differs from the manifest's, a missing file, invalid JSON, a missing or malformed field,
   *     another format, codebooks that do not fit the model
   */
  public static SavedModel read(Path folder) {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new InputFileException("model directory " + folder + " is a file, not a folder");
    }
    if (!Files.isDirectory(folder)) {
      Path unfinished = TrainingRunFolder.of(folder);
      throw new InputFileException("model directory " + folder + " does not exist"
          + (Files.isDirectory(unfinished) ? "; an unfinished training run is in " + unfinished
              + " ('ecoc4j train' with the same options and --resume continues it)" : ""));
    }
    boolean verified = ModelManifest.verify(folder);
    Path file = folder.resolve(DESCRIPTION);
    JsonNode root;
    try {
      root = Json.mapper().readTree(TextFiles.read(file, "model description"));
    } catch (IOException e) {
      throw new InputFileException("model description " + file + " is not valid JSON: "
          + e.getMessage(), e);
    }
    ModelDescription description = description(root, file);
    if (description.hasCodeTable()) {
      readCodeTable(folder, description);
      Path checkpoint = folder.resolve(CHECKPOINT);
      if (!Files.isRegularFile(checkpoint)) {
        throw new InputFileException("model directory " + folder + " has no " + CHECKPOINT);
      }
      return new SavedModel(
          folder, description, List.of(), checkpoint, folder.resolve(INFERENCE), verified);
    }
    Path codebookFile = folder.resolve(CODEBOOKS);
    List<Codebook> codebooks =
        CodebookJson.read(TextFiles.read(codebookFile, "codebook file"), codebookFile.toString());
    try {
      description.lossSpec(codebooks);
    } catch (IllegalArgumentException e) {
      throw new InputFileException(codebookFile + " does not fit " + file + ": "
          + e.getMessage(), e);
    }
    Path checkpoint = folder.resolve(CHECKPOINT);
    if (!Files.isRegularFile(checkpoint)) {
      throw new InputFileException("model directory " + folder + " has no " + CHECKPOINT);
    }
    return new SavedModel(
        folder, description, codebooks, checkpoint, folder.resolve(INFERENCE), verified);
  }

  /**
   * The code table of a model whose loss is {@code code-table}.
   *
   * @throws InputFileException naming the file when it is missing, malformed or does not fit the
   *     model's outputs
   */
  public static CodeTable readCodeTable(Path folder, ModelDescription description) {
    Path file = folder.resolve(CODE_TABLE);
    CodeTable table;
    try {
      table = CodeTable.read(file);
    } catch (IOException e) {
      throw new InputFileException("code table " + file + " cannot be read: " + e.getMessage(), e);
    }
    if (table.length() != description.spec().outputs() || description.spec().members() != 1) {
      throw new InputFileException("code table " + file + " holds codes of length "
          + table.length() + ", the model has " + description.spec().members() + " x "
          + description.spec().outputs() + " outputs");
    }
    return table;
  }

  static ObjectNode toJson(ModelDescription d) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("format", FORMAT);
    root.put("architecture", d.spec().architecture());
    ObjectNode input = root.putObject("input");
    input.put("channels", d.spec().input().channels());
    input.put("height", d.spec().input().height());
    input.put("width", d.spec().input().width());
    root.put("outputs", d.spec().outputs());
    root.put("members", d.spec().members());
    root.put("loss", d.loss());
    root.set("decoder", choice(d.decoder()));
    root.set("backend", choice(d.backend()));
    root.set("dataset", choice(d.dataset()));
    root.set("provenance", Json.mapper().valueToTree(d.provenance()));
    return root;
  }

  private static ObjectNode choice(PluginChoice choice) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("name", choice.name());
    ObjectNode options = node.putObject("options");
    choice.options().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> options.put(e.getKey(), e.getValue()));
    return node;
  }

  private static ModelDescription description(JsonNode root, Path file) {
    String where = "model description " + file;
    if (root == null || !root.isObject()) {
      throw new InputFileException(where + " is not a JSON object");
    }
    String format = text(root, "format", where);
    if (!format.equals(FORMAT)) {
      throw new InputFileException(
          where + " has format '" + format + "', this version reads " + FORMAT);
    }
    JsonNode input = field(root, "input", where);
    try {
      ModelSpec spec =
          new ModelSpec(
              text(root, "architecture", where),
              new ImageShape(
                  integer(input, "channels", where + " \"input\""),
                  integer(input, "height", where + " \"input\""),
                  integer(input, "width", where + " \"input\"")),
              integer(root, "outputs", where),
              integer(root, "members", where));
      Map<String, Object> provenance = new LinkedHashMap<>();
      JsonNode extra = root.get("provenance");
      if (extra != null && extra.isObject()) {
        extra.fields().forEachRemaining(e -> provenance.put(e.getKey(), e.getValue()));
      }
      return new ModelDescription(spec, text(root, "loss", where),
          pluginChoice(root, "decoder", where), pluginChoice(root, "backend", where),
          pluginChoice(root, "dataset", where), provenance);
    } catch (IllegalArgumentException e) {
      throw new InputFileException(where + ": " + e.getMessage(), e);
    }
  }

  private static PluginChoice pluginChoice(JsonNode root, String name, String where) {
    JsonNode node = field(root, name, where);
    Map<String, String> options = new LinkedHashMap<>();
    JsonNode given = node.get("options");
    if (given != null && !given.isObject()) {
      throw new InputFileException(where + ": \"" + name + ".options\" is not an object");
    }
    if (given != null) {
      given.fields().forEachRemaining(e -> options.put(e.getKey(), e.getValue().asText()));
    }
    return new PluginChoice(text(node, "name", where + " \"" + name + "\""), options);
  }

  private static JsonNode field(JsonNode node, String name, String where) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new InputFileException(where + " has no \"" + name + "\"");
    }
    return value;
  }

  private static String text(JsonNode node, String name, String where) {
    JsonNode value = field(node, name, where);
    if (!value.isTextual()) {
      throw new InputFileException(where + ": \"" + name + "\" is not a string");
    }
    return value.asText();
  }

  private static int integer(JsonNode node, String name, String where) {
    JsonNode value = field(node, name, where);
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new InputFileException(where + ": \"" + name + "\" is not an integer");
    }
    return value.asInt();
  }
}
