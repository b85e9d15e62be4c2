package org.ecoc4j.store;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads network outputs from CSV: one sample per row, {@code width} numbers each (for an ensemble,
 * member 0's K outputs, then member 1's, ...). Lines starting with {@code #} are comments; a first
 * row with no number in it is a header and skipped.
 */
public final class OutputsCsv {

  private OutputsCsv() {}

  /**
   * Reads every row of {@code file} into one sample-major array.
   *
   * @param width numbers per row
   * @throws InputFileException naming the file and line for a missing file, a row of another
   *     width, a cell that is not a number, a NaN or infinite value, or no rows at all
   */
  public static float[] read(Path file, int width) {
    String text = TextFiles.read(file, "outputs file");
    CSVFormat format =
        CSVFormat.DEFAULT.builder()
            .setCommentMarker('#')
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .get();
    List<float[]> rows = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      boolean first = true;
      for (CSVRecord record : parser) {
        if (first && isHeader(record)) {
          first = false;
          continue;
        }
        first = false;
        rows.add(row(record, width, "outputs file " + file + " line " + parser.getCurrentLineNumber()));
      }
    } catch (IOException | UncheckedIOException e) {
      throw new InputFileException("outputs file " + file + " is not valid CSV: " + e.getMessage(), e);
    }
    if (rows.isEmpty()) {
      throw new InputFileException("outputs file " + file + " has no rows of outputs");
    }
    float[] outputs = new float[rows.size() * width];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r), 0, outputs, r * width, width);
    }
    return outputs;
  }

  private static boolean isHeader(CSVRecord record) {
    for (String cell : record) {
      if (parses(cell)) {
        return false;
      }
    }
    return true;
  }

  private static boolean parses(String cell) {
    try {
      Float.parseFloat(cell);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static float[] row(CSVRecord record, int width, String where) {
    if (record.size() != width) {
      throw new InputFileException(
          where + ": " + record.size() + " values, expected " + width
              + " (members x code length of the codebook)");
    }
    float[] row = new float[width];
    for (int j = 0; j < width; j++) {
      String cell = record.get(j);
      float value;
      try {
        value = Float.parseFloat(cell);
      } catch (NumberFormatException e) {
        throw new InputFileException(where + " column " + (j + 1) + ": '" + cell + "' is not a number", e);
      }
      if (!Float.isFinite(value)) {
        throw new InputFileException(where + " column " + (j + 1) + ": " + cell + " is not finite");
      }
      row[j] = value;
    }
    return row;
  }
}
