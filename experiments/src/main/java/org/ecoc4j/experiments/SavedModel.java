package org.ecoc4j.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LearningRateSchedule;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.Codebook;

/**
 * A model directory read back: what its {@value ModelDirectory#PROVENANCE} says was trained and
 * the codebooks of {@value ModelDirectory#CODEBOOKS}.
 *
 * @param folder the model directory
 * @param request the training request, rebuilt (the learning-rate schedule is not needed to load
 *     and is read as constant)
 * @param dataset the dataset's provider name
 * @param codebooks the members' codebooks as written
 */
public record SavedModel(
    Path folder, TrainingRequest request, String dataset, List<Codebook> codebooks) {

  /** Copies the codebooks. */
  public SavedModel {
    codebooks = List.copyOf(codebooks);
  }

  /** The checkpoint file. */
  public Path checkpoint() {
    return folder.resolve(ModelDirectory.CHECKPOINT);
  }

  /**
   * Reads a model directory.
   *
   * @throws UncheckedIOException naming the file and the missing or malformed field
   */
  public static SavedModel read(Path folder) {
    Path provenanceFile = folder.resolve(ModelDirectory.PROVENANCE);
    Path codebooksFile = folder.resolve(ModelDirectory.CODEBOOKS);
    if (!Files.isDirectory(folder)) {
      throw new UncheckedIOException(new IOException("no model directory at " + folder));
    }
    JsonNode p = json(provenanceFile);
    JsonNode t = field(p, "training", provenanceFile);
    TrainingConfig config;
    try {
      config =
          new TrainingConfig(
              integer(t, "epochs", provenanceFile), integer(t, "batchSize", provenanceFile),
              number(t, "learningRate", provenanceFile), number(t, "weightDecay", provenanceFile),
              number(t, "beta1", provenanceFile), number(t, "beta2", provenanceFile),
              number(t, "epsilon", provenanceFile), field(t, "seed", provenanceFile).asLong(),
              field(t, "shuffle", provenanceFile).asBoolean(), LearningRateSchedule.constant());
    } catch (IllegalArgumentException e) {
      throw malformed(provenanceFile, "training: " + e.getMessage());
    }
    TrainingRequest request =
        new TrainingRequest(
            text(p, "defense", provenanceFile), strings(field(p, "defenseOptions", provenanceFile)),
            text(p, "architecture", provenanceFile), text(p, "backend", provenanceFile),
            strings(field(p, "backendOptions", provenanceFile)), config,
            field(p, "codebookSeed", provenanceFile).asLong());
    List<Codebook> books = new ArrayList<>();
    for (JsonNode member : field(json(codebooksFile), "members", codebooksFile)) {
      JsonNode rows = field(member, "rows", codebooksFile);
      int[][] bits = new int[rows.size()][];
      for (int c = 0; c < bits.length; c++) {
        bits[c] = new int[rows.get(c).size()];
        for (int j = 0; j < bits[c].length; j++) {
          bits[c][j] = rows.get(c).get(j).asInt();
        }
      }
      try {
        books.add(Codebook.of(bits));
      } catch (IllegalArgumentException e) {
        throw malformed(codebooksFile, e.getMessage());
      }
    }
    return new SavedModel(folder, request, text(p, "dataset", provenanceFile), books);
  }

  private static JsonNode json(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode field(JsonNode node, String name, Path file) {
    JsonNode value = node == null ? null : node.get(name);
    if (value == null || value.isNull()) {
      throw malformed(file, "field '" + name + "' is missing");
    }
    return value;
  }

  private static String text(JsonNode node, String name, Path file) {
    JsonNode value = field(node, name, file);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw malformed(file, "field '" + name + "' must be a non-blank string");
    }
    return value.asText();
  }

  private static int integer(JsonNode node, String name, Path file) {
    JsonNode value = field(node, name, file);
    if (!value.isInt()) {
      throw malformed(file, "field '" + name + "' must be an integer");
    }
    return value.asInt();
  }

  private static double number(JsonNode node, String name, Path file) {
    JsonNode value = field(node, name, file);
    if (!value.isNumber()) {
      throw malformed(file, "field '" + name + "' must be a number");
    }
    return value.asDouble();
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      map.put(e.getKey(), e.getValue().asText());
    }
    return map;
  }

  private static UncheckedIOException malformed(Path file, String problem) {
    return new UncheckedIOException(new IOException(file + ": " + problem));
  }
}
