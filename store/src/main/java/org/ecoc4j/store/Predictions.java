package org.ecoc4j.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.ecoc4j.training.AtomicFiles;

/**
 * Classifies every image of {@link PredictionInputs} with a {@link DefendedModel}, batch by
 * batch, and writes the decisions as CSV: {@code file, class, class name, confidence, rejected,
 * reason}.
 */
public final class Predictions {

  /** The CSV header. */
  public static final List<String> COLUMNS =
      List.of("file", "class", "class name", "confidence", "rejected", "reason");

  /** Told after each batch how many images are done, of how many. */
  @FunctionalInterface
  public interface Progress {
    /** {@code done} of {@code total} images are classified. */
    void update(int done, int total);
  }

  private Predictions() {}

  /**
   * Classifies every image of {@code inputs}, {@link DefendedModel#BATCH} at a time.
   *
   * @throws InputFileException naming a picture that cannot be read
   * @throws IllegalArgumentException naming a file whose images the transforms do not convert
   */
  public static List<Prediction> run(DefendedModel model, PredictionInputs inputs,
      Progress progress) {
    int width = model.inputShape().size();
    List<Prediction> rows = new ArrayList<>(inputs.size());
    for (int from = 0; from < inputs.size(); from += DefendedModel.BATCH) {
      int size = Math.min(DefendedModel.BATCH, inputs.size() - from);
      float[] batch = new float[size * width];
      for (int i = 0; i < size; i++) {
        inputs.copy(from + i, batch, i * width);
      }
      List<Classification> decided = model.classify(batch, size);
      for (int i = 0; i < size; i++) {
        rows.add(new Prediction(inputs.name(from + i), decided.get(i)));
      }
      progress.update(from + size, inputs.size());
    }
    return rows;
  }

  /**
   * Writes {@code rows} to {@code file} atomically (beside it, then renamed): a reader never sees
   * half a file, and a failure leaves an existing file as it was.
   *
   * @throws InputFileException naming the file when it cannot be written
   */
  public static void write(Path file, List<Prediction> rows) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      AtomicFiles.write(file, temporary -> {
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8);
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setRecordSeparator('\n').setHeader(COLUMNS.toArray(String[]::new)).build())) {
          for (Prediction row : rows) {
            Classification c = row.classification();
            csv.printRecord(row.name(), c.rejected() ? "" : Integer.toString(c.label()),
                c.rejected() ? "" : c.className(),
                String.format(Locale.ROOT, "%.6f", c.confidence()), c.rejected(),
                c.reasonLabel());
          }
        } catch (IOException | RuntimeException e) {
          try {
            Files.deleteIfExists(temporary);
          } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
          }
          throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
      });
    } catch (IOException | UncheckedIOException e) {
      throw new InputFileException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
