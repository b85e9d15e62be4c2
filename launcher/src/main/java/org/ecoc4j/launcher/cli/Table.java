package org.ecoc4j.launcher.cli;

import java.util.List;

/** Lays out rows of text as left-aligned columns separated by two spaces. */
final class Table {

  private Table() {}

  /** The rows, each line starting with {@code indent}; the last column is not padded. */
  static String format(List<String[]> rows, String indent) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns - 1; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int c = 0; c < columns; c++) {
        line.append(c < columns - 1 ? String.format("%-" + widths[c] + "s  ", row[c]) : row[c]);
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
    return text.toString();
  }
}
