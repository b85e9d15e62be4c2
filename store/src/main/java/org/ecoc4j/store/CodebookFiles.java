package org.ecoc4j.store;

import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.api.codebook.Codebook;

/** Reads a codebook file written by {@code codebook generate}, JSON or CSV. */
public final class CodebookFiles {

  private CodebookFiles() {}

  /**
   * Reads the codebooks in {@code file}: JSON when its first non-blank character is <code>{</code>,
   * CSV otherwise.
   *
   * @throws InputFileException naming the file when it is missing, unreadable or malformed
   */
  public static List<Codebook> read(Path file) {
    String text = TextFiles.read(file, "codebook file");
    return text.strip().startsWith("{")
        ? CodebookJson.read(text, file.toString())
        : CodebookCsv.read(text, file.toString());
  }
}
