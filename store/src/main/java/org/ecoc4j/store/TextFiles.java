package org.ecoc4j.store;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes UTF-8 text files with messages that name the file. */
public final class TextFiles {

  private TextFiles() {}

  /**
   * The content of {@code file}.
   *
   * @param what what the file is, for messages, e.g. {@code outputs file}
   * @throws InputFileException if the file is missing, a folder, unreadable or not UTF-8
   */
  public static String read(Path file, String what) {
    if (Files.isDirectory(file)) {
      throw new InputFileException(what + " " + file + " is a folder, not a file");
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InputFileException(what + " " + file + " does not exist", e);
    } catch (CharacterCodingException e) {
      throw new InputFileException(what + " " + file + " is not UTF-8 text", e);
    } catch (IOException e) {
      throw new InputFileException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code text} to {@code file}, creating its parent folders.
   *
   * @throws InputFileException naming the file if it cannot be written
   */
  public static void write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InputFileException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
