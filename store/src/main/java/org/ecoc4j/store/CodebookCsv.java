package org.ecoc4j.store;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.ecoc4j.api.codebook.Codebook;

/**
 * Writes and reads codebooks as CSV: a header {@code member,class,bit0,...}, then one +1/-1 row
 * per member and class. Comment lines ({@code #}) give the generator and each member's minimum and
 * maximum Hamming distances. CSV does not carry a linear code's parity-check matrix: use JSON for
 * decoders that need syndromes.
 */
public final class CodebookCsv {

  private static final char COMMENT = '#';

  private CodebookCsv() {}

  /** The document as CSV text. */
  public static String write(CodebookDocument document) {
    String[] header = new String[2 + document.length()];
    header[0] = "member";
    header[1] = "class";
    for (int j = 0; j < document.length(); j++) {
      header[2 + j] = "bit" + j;
    }
    StringWriter text = new StringWriter();
    CSVFormat format =
        CSVFormat.DEFAULT.builder()
            .setCommentMarker(COMMENT)
            .setRecordSeparator('\n')
            .setHeaderComments(
                "generator " + document.generator() + " " + document.generatorVersion()
                    + ", seed " + document.seed() + ", options " + document.options()
                    + (document.derived().isEmpty() ? "" : ", derived " + document.derived()))
            .setHeader(header)
            .get();
    try (CSVPrinter printer = new CSVPrinter(text, format)) {
      for (int m = 0; m < document.members(); m++) {
        Codebook codebook = document.codebooks().get(m);
        printer.printComment(
            "member " + m + ": Hamming distance min " + codebook.minHammingDistance() + ", max "
                + codebook.maxHammingDistance());
        for (int c = 0; c < codebook.classes(); c++) {
          List<Object> record = new ArrayList<>();
          record.add(m);
          record.add(c);
          for (int bit : codebook.row(c)) {
            record.add(bit);
          }
          printer.printRecord(record);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write codebooks as CSV", e);
    }
    return text.toString();
  }

  /**
   * Reads the codebooks of CSV written by {@link #write}: members numbered from 0, each with its
   * classes numbered from 0, in order.
   *
   * @param text the file's content
   * @param file the file's name, for messages
   * @throws InputFileException naming the file and line for a bad header, a non-integer cell,
   *     out-of-order members or classes, entries other than +1/-1 or members of different shapes
   */
  public static List<Codebook> read(String text, String file) {
    CSVFormat format =
        CSVFormat.DEFAULT.builder()
            .setCommentMarker(COMMENT)
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .get();
    List<Codebook> codebooks = new ArrayList<>();
    List<int[]> rows = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
      boolean header = true;
      for (CSVRecord record : parser) {
        if (header) {
          checkHeader(record, file);
          header = false;
          continue;
        }
        String where = "codebook file " + file + " line " + parser.getCurrentLineNumber();
        int member = integer(record.get(0), where, "member");
        int clazz = integer(record.get(1), where, "class");
        if (member == codebooks.size() + 1 && clazz == 0) {
          codebooks.add(codebook(rows, file, codebooks.size()));
          rows.clear();
        }
        if (member != codebooks.size() || clazz != rows.size()) {
          throw new InputFileException(
              where + ": expected member " + codebooks.size() + " class " + rows.size()
                  + " (or the next member's class 0), got member " + member + " class " + clazz);
        }
        int[] row = new int[record.size() - 2];
        for (int j = 0; j < row.length; j++) {
          row[j] = integer(record.get(j + 2), where, "bit" + j);
        }
        rows.add(row);
      }
      if (header) {
        throw new InputFileException("codebook file " + file + " is empty");
      }
    } catch (IOException | UncheckedIOException e) {
      throw new InputFileException("codebook file " + file + " is not valid CSV: " + e.getMessage(), e);
    }
    codebooks.add(codebook(rows, file, codebooks.size()));
    try {
      CodebookDocument.requireSameShape(codebooks);
    } catch (IllegalArgumentException e) {
      throw new InputFileException("codebook file " + file + ": " + e.getMessage(), e);
    }
    return codebooks;
  }

  private static void checkHeader(CSVRecord record, String file) {
    boolean ok = record.size() >= 3 && record.get(0).equals("member") && record.get(1).equals("class");
    for (int j = 2; ok && j < record.size(); j++) {
      ok = record.get(j).equals("bit" + (j - 2));
    }
    if (!ok) {
      throw new InputFileException(
          "codebook file " + file + " does not start with the header member,class,bit0,bit1,...");
    }
  }

  private static Codebook codebook(List<int[]> rows, String file, int member) {
    try {
      return Codebook.of(rows.toArray(new int[0][]));
    } catch (IllegalArgumentException e) {
      throw new InputFileException(
          "codebook file " + file + ", member " + member + ": " + e.getMessage(), e);
    }
  }

  private static int integer(String cell, String where, String column) {
    try {
      return Integer.parseInt(cell);
    } catch (NumberFormatException e) {
      throw new InputFileException(where + ": " + column + " is '" + cell + "', not an integer", e);
    }
  }
}
