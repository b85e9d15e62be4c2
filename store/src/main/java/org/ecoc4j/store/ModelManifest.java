package org.ecoc4j.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@value #FILE} of a model directory: every other file of the folder (sub-folders included,
 * by relative path with {@code /}) with its size and SHA-256, and the SHA-256 of that listing
 * itself, so that a changed byte anywhere, in a model file or in the manifest, is found.
 *
 * <pre>{@code
 * {"format": "ecoc4j-manifest/1",
 *  "files": {"checkpoint.ckpt": {"size": 1234, "sha256": "..."}, ...},
 *  "sha256": "<SHA-256 of the compact JSON text of \"files\">"}
 * }</pre>
 *
 * <p>{@link #write} is the last step of writing a model directory; it also forces every file to
 * the disk, so that a directory renamed into place after it survives a power loss. {@link
 * #verify} runs on every load. Files that were added to the folder later are not checked (a
 * report written beside the model is not corruption); a listed file that is missing, has another
 * size or another digest is an error naming that file.
 */
public final class ModelManifest {

  /** The manifest's file name. */
  public static final String FILE = "manifest.json";
  /** The format tag of the manifest. */
  public static final String FORMAT = "ecoc4j-manifest/1";

  private ModelManifest() {}

  /**
   * Lists every file of {@code folder} in a new {@value #FILE}, forcing each file and the
   * manifest to the disk.
   *
   * @throws InputFileException naming the file that could not be read or written
   */
  public static void write(Path folder) {
    ObjectNode files = Json.mapper().createObjectNode();
    for (String name : filesOf(folder)) {
      Path file = folder.resolve(name);
      try {
        force(file);
        ObjectNode entry = files.putObject(name);
        entry.put("size", Files.size(file));
        entry.put("sha256", Sha256.of(file));
      } catch (IOException e) {
        throw new InputFileException("cannot read " + file + " to list it in " + FILE + ": "
            + e.getMessage(), e);
      }
    }
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("format", FORMAT);
    root.set("files", files);
    root.put("sha256", Sha256.of(compact(files).getBytes(UTF_8)));
    Path manifest = folder.resolve(FILE);
    TextFiles.write(manifest, Json.text(root));
    try {
      force(manifest);
    } catch (IOException e) {
      throw new InputFileException("cannot write " + manifest + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks every file {@code folder}'s manifest lists.
   *
   * @return {@code true} when the folder has a manifest and every listed file matches it,
   *     {@code false} when it has none (a model directory written before manifests existed)
   * @throws InputFileException naming the file that is missing, has another size or another
   *     SHA-256 than the manifest records, or a malformed or altered manifest
   */
  public static boolean verify(Path folder) {
    Path manifest = folder.resolve(FILE);
    if (!Files.exists(manifest)) {
      return false;
    }
    String where = "model directory " + folder + ": " + FILE;
    JsonNode root;
    try {
      root = Json.mapper().readTree(TextFiles.read(manifest, "manifest"));
    } catch (JsonProcessingException e) {
      throw new InputFileException(where + " is corrupt (not valid JSON: "
          + e.getOriginalMessage() + ")", e);
    }
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
      throw new InputFileException(where + " is corrupt or of another format (this version"
          + " reads " + FORMAT + ")");
    }
    JsonNode files = root.get("files");
    JsonNode digest = root.get("sha256");
    if (files == null || !files.isObject() || digest == null
        || !Sha256.of(compact(files).getBytes(UTF_8))
            .equals(digest.asText())) {
      throw new InputFileException(where + " is corrupt: its listing does not match its own"
          + " SHA-256");
    }
    Iterator<Map.Entry<String, JsonNode>> entries = files.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      check(folder, entry.getKey(), entry.getValue());
    }
    return true;
  }

  private static void check(Path folder, String name, JsonNode entry) {
    Path file = folder.resolve(name).normalize();
    String where = "model directory " + folder + ": " + name;
    if (!file.startsWith(folder.normalize()) || name.isBlank()
        || !entry.path("size").canConvertToLong() || !entry.path("sha256").isTextual()) {
      throw new InputFileException("model directory " + folder + ": " + FILE
          + " has a malformed entry '" + name + "'");
    }
    long size = entry.get("size").asLong();
    String sha = entry.get("sha256").asText();
    try {
      long actualSize = Files.size(file);
      if (actualSize != size) {
        throw new InputFileException(where + " is corrupt: it has " + actualSize + " bytes, "
            + FILE + " records " + size);
      }
      String actual = Sha256.of(file);
      if (!actual.equals(sha)) {
        throw new InputFileException(where + " is corrupt: its SHA-256 is " + actual + ", "
            + FILE + " records " + sha);
      }
    } catch (NoSuchFileException e) {
      throw new InputFileException(where + " is missing; " + FILE + " lists it", e);
    } catch (IOException e) {
      throw new InputFileException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<String> filesOf(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      List<String> names = new ArrayList<>();
      walk.filter(Files::isRegularFile)
          .map(file -> folder.relativize(file).toString().replace(java.io.File.separatorChar, '/'))
          .filter(name -> !name.equals(FILE))
          .sorted()
          .forEach(names::add);
      return names;
    } catch (IOException e) {
      throw new InputFileException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  private static String compact(JsonNode node) {
    try {
      return Json.mapper().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static void force(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
