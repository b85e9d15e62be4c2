package org.ecoc4j.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecoc4j.api.codebook.CodeTable;

/**
 * The code table a stage generated from the previous stage's network ({@link
 * org.ecoc4j.api.training.StagePreparation}), kept beside the run's checkpoint ({@link #of}: the
 * checkpoint's name with {@code .stage<s>.table}, s the 0-based stage). {@link TrainingLoop}
 * writes it atomically when the stage starts, before the stage's first checkpoint, and reads it
 * back to resume inside the stage, whose previous network is gone by then: a resumed run trains
 * against the table of the uninterrupted one, bit for bit ({@link CodeTable#write}).
 */
public final class GeneratedTables {

  private GeneratedTables() {}

  /** The table that stage {@code stage} of the run checkpointed at {@code checkpoint} generated. */
  public static Path of(Path checkpoint, int stage) {
    Path file = checkpoint.toAbsolutePath();
    return file.resolveSibling(file.getFileName() + ".stage" + stage + ".table");
  }

  /**
   * Writes {@code table} as stage {@code stage}'s table of {@code checkpoint}, atomically.
   *
   * @throws UncheckedIOException when it cannot be written
   */
  static void write(Path checkpoint, int stage, CodeTable table) {
    Path file = of(checkpoint, stage);
    try {
      table.write(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the generated code table " + file, e);
    }
  }

  /**
   * Reads stage {@code stage}'s table of {@code checkpoint}.
   *
   * @param stageName the stage's name, for the message
   * @throws IllegalArgumentException when the file is missing, naming it and the stage
   * @throws UncheckedIOException when it cannot be read or is not a code table
   */
  static CodeTable read(Path checkpoint, int stage, String stageName) {
    Path file = of(checkpoint, stage);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("checkpoint " + checkpoint + " is inside stage '"
          + stageName + "', which trains against a code table generated from the previous"
          + " stage's network; its saved table " + file + " is missing");
    }
    try {
      return CodeTable.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the generated code table " + file, e);
    }
  }
}
