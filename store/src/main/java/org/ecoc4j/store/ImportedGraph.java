package org.ecoc4j.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ecoc4j.api.backend.Backend;

/**
 * The forward ONNX graph a model was trained from when {@code ecoc4j train --model FILE.onnx}
 * imported it: a copy, {@value #FILE}, in the model directory, and a {@value #BLOCK} block in the
 * description's provenance with the source file's name and SHA-256. The backend builds the graph
 * from the file its {@value #OPTION} option names, in training and again when a command reopens
 * the model.
 */
public final class ImportedGraph {

  /** The copy of the graph in a model directory. */
  public static final String FILE = "graph.onnx";
  /** The backend option ({@code ort}) naming a forward ONNX model to build. */
  public static final String OPTION = "model-file";
  /** The provenance block that records the graph. */
  public static final String BLOCK = "graph";

  private ImportedGraph() {}

  /**
   * Writes {@code source} into {@code folder} as {@value #FILE}, creating the folder, as the one
   * file {@code backend} makes of it ({@link Backend#selfContainedModelFile}: for ONNX, weights
   * kept in an external-data file beside the source are read into the copy), so that the model
   * directory reopens without the files beside the source.
   *
   * @return the provenance block: {@code file} ({@value #FILE}), {@code source} (the source
   *     file's name) and {@code sha256} (of the copy, what reopening checks); {@code
   *     sourceSha256} too where the copy differs from the source
   * @throws InputFileException naming the file that could not be read or written, or what the
   *     backend refused in it
   */
  public static Map<String, Object> store(Path folder, Path source, Backend backend) {
    byte[] bytes;
    byte[] original;
    try {
      original = Files.readAllBytes(source);
      bytes = backend.selfContainedModelFile(source);
    } catch (IOException | UncheckedIOException e) {
      throw new InputFileException("cannot read ONNX model " + source + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new InputFileException(e.getMessage(), e);
    }
    Path copy = folder.resolve(FILE);
    try {
      Files.createDirectories(folder);
      Files.write(copy, bytes);
    } catch (IOException e) {
      throw new InputFileException("cannot write " + copy + ": " + e.getMessage(), e);
    }
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("file", FILE);
    block.put("source", String.valueOf(source.getFileName()));
    block.put("sha256", Sha256.of(bytes));
    if (!Arrays.equals(bytes, original)) {
      block.put("sourceSha256", Sha256.of(original));
    }
    return block;
  }

  /**
   * The backend options that reopen {@code saved}'s graph: {@value #OPTION} naming its
   * {@value #FILE} when the description records an imported graph, none otherwise.
   *
   * @throws InputFileException when the recorded graph is malformed, missing or its SHA-256
   *     differs from the recorded one, naming the file
   */
  public static Map<String, String> backendOptions(SavedModel saved) {
    Object recorded = saved.description().provenance().get(BLOCK);
    if (recorded == null) {
      return Map.of();
    }
    Path description = saved.folder().resolve(ModelDirectory.DESCRIPTION);
    JsonNode sha = recorded instanceof JsonNode node ? node.get("sha256") : null;
    if (sha == null || !sha.isTextual()) {
      throw new InputFileException(
          description + ": \"provenance." + BLOCK + "\" needs a \"sha256\" string");
    }
    Path copy = saved.folder().resolve(FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(copy);
    } catch (NoSuchFileException e) {
      throw new InputFileException("model directory " + saved.folder() + " has no " + FILE
          + ", the ONNX graph " + description + " says it was trained from", e);
    } catch (IOException e) {
      throw new InputFileException("cannot read " + copy + ": " + e.getMessage(), e);
    }
    String actual = Sha256.of(bytes);
    if (!actual.equals(sha.asText())) {
      throw new InputFileException(copy + " has SHA-256 " + actual + ", " + description
          + " records " + sha.asText() + ": it is not the graph the model was trained from");
    }
    return Map.of(OPTION, copy.toAbsolutePath().toString());
  }
}
