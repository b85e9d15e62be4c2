package org.ecoc4j.api.codebook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * N classes x K real values: row {@code c} is the code of class {@code c}, e.g. a codebook learned
 * as class means of a network's outputs (contrastive ECOC, Eq. 3). Immutable; every value finite.
 * A binary {@link Codebook} is the special case of +1/-1 values ({@link #of(Codebook)}); binary
 * codebooks and their decoders are untouched by this type.
 *
 * <p>Saved as text, one row a line, each value as {@link Float#toString}, which {@link
 * Float#parseFloat} reads back to the same float: a save and reload is bit-exact.
 */
public final class CodeTable {

  private static final String HEADER = "ecoc4j-code-table 1";

  private final int classes;
  private final int length;
  private final float[] values;

  private CodeTable(int classes, int length, float[] values) {
    this.classes = classes;
    this.length = length;
    this.values = values;
  }

  /**
   * A table from its rows, copied.
   *
   * @throws IllegalArgumentException for fewer than two rows, an empty row (code length 0), rows
   *     of different lengths or a value that is not finite, naming it
   */
  public static CodeTable of(float[][] rows) {
    if (rows == null || rows.length < 2) {
      throw new IllegalArgumentException(
          "a code table needs at least 2 classes, got " + (rows == null ? 0 : rows.length));
    }
    int length = rows[0] == null ? 0 : rows[0].length;
    if (length == 0) {
      throw new IllegalArgumentException("code length must be at least 1, got 0");
    }
    float[] values = new float[rows.length * length];
    for (int c = 0; c < rows.length; c++) {
      if (rows[c] == null || rows[c].length != length) {
        throw new IllegalArgumentException("row " + c + " has "
            + (rows[c] == null ? 0 : rows[c].length) + " values, row 0 has " + length);
      }
      for (int j = 0; j < length; j++) {
        if (!Float.isFinite(rows[c][j])) {
          throw new IllegalArgumentException(
              "value (" + c + ", " + j + ") is not finite: " + rows[c][j]);
        }
      }
      System.arraycopy(rows[c], 0, values, c * length, length);
    }
    return new CodeTable(rows.length, length, values);
  }

  /** The +1/-1 values of a binary codebook. */
  public static CodeTable of(Codebook codebook) {
    return new CodeTable(codebook.classes(), codebook.length(), codebook.toFloatArray());
  }

  /** Number of classes N. */
  public int classes() {
    return classes;
  }

  /** Code length K. */
  public int length() {
    return length;
  }

  /** The value of class {@code c} at position {@code j}. */
  public float value(int c, int j) {
    if (c < 0 || c >= classes || j < 0 || j >= length) {
      throw new IndexOutOfBoundsException(
          "(" + c + ", " + j + ") outside " + classes + " x " + length);
    }
    return values[c * length + j];
  }

  /** The code of class {@code c}, a copy. */
  public float[] row(int c) {
    if (c < 0 || c >= classes) {
      throw new IndexOutOfBoundsException("class " + c + " outside 0.." + (classes - 1));
    }
    return Arrays.copyOfRange(values, c * length, (c + 1) * length);
  }

  /** The values row after row, a copy. */
  public float[] toFloatArray() {
    return values.clone();
  }

  /**
   * Writes the table to {@code file} atomically (a temporary file beside it, then a move).
   *
   * @throws IOException when the file cannot be written
   */
  public void write(Path file) throws IOException {
    StringBuilder text = new StringBuilder(HEADER).append('\n')
        .append(classes).append(' ').append(length).append('\n');
    for (int c = 0; c < classes; c++) {
      for (int j = 0; j < length; j++) {
        text.append(j == 0 ? "" : " ").append(Float.toString(values[c * length + j]));
      }
      text.append('\n');
    }
    Path absolute = file.toAbsolutePath();
    Path temporary = Files.createTempFile(absolute.getParent(), ".code-table", ".tmp");
    try {
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Reads a table written by {@link #write}.
   *
   * @throws IOException when the file cannot be read, or is not a code table (naming the line)
   */
  public static CodeTable read(Path file) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IOException(file + " is not a code table: line 1 must be '" + HEADER + "'");
    }
    try {
      String[] size = lines.size() > 1 ? lines.get(1).trim().split(" ") : new String[0];
      if (size.length != 2) {
        throw new IOException(file + ": line 2 must be 'classes length'");
      }
      int classes = Integer.parseInt(size[0]);
      int length = Integer.parseInt(size[1]);
      if (classes < 2 || length < 1 || lines.size() != 2 + classes) {
        throw new IOException(file + ": " + classes + " x " + length + " with "
            + (lines.size() - 2) + " rows is not a valid code table");
      }
      float[][] rows = new float[classes][];
      for (int c = 0; c < classes; c++) {
        String[] cells = lines.get(2 + c).trim().split(" ");
        if (cells.length != length) {
          throw new IOException(file + ": line " + (3 + c) + " has " + cells.length
              + " values, expected " + length);
        }
        rows[c] = new float[length];
        for (int j = 0; j < length; j++) {
          rows[c][j] = Float.parseFloat(cells[j]);
        }
      }
      return of(rows);
    } catch (NumberFormatException e) {
      throw new IOException(file + ": not a number: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Equal when the sizes and every value's bits are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof CodeTable other && classes == other.classes && length == other.length
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * classes + length) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "CodeTable[" + classes + " x " + length + "]";
  }
}
