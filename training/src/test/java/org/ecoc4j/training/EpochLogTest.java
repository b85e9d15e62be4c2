package org.ecoc4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.ecoc4j.api.backend.EpochSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EpochLog#confirmed} counts an epoch only once its checkpoint is in place: the log is
 * written with the digest of the new checkpoint before that checkpoint is renamed, so a process
 * stopped between the two renames must not report the unfinished epoch as done.
 */
class EpochLogTest {

  @TempDir Path dir;

  private static List<EpochLog.Entry> epochs(int count) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(e -> new EpochLog.Entry(0, new EpochSummary(e, 1.0 / e, 0.5, 0.4, 100)))
        .toList();
  }

  @Test
  void theLogWrittenWithTheCheckpointInPlaceCountsWhole() throws IOException {
    Path checkpoint = Files.write(dir.resolve("run.ckpt"), new byte[] {1, 2, 3});
    EpochLog.write(EpochLog.of(checkpoint), epochs(3), checkpoint);
    assertEquals(epochs(3), EpochLog.confirmed(checkpoint));
    assertEquals(epochs(3), EpochLog.read(EpochLog.of(checkpoint)));
  }

  @Test
  void anEpochWhoseCheckpointWasNeverRenamedIntoPlaceDoesNotCount() throws IOException {
    Path checkpoint = Files.write(dir.resolve("run.ckpt"), new byte[] {1, 2, 3});
    Path next = Files.write(dir.resolve("run.ckpt.tmp"), new byte[] {4, 5, 6});
    EpochLog.write(EpochLog.of(checkpoint), epochs(3), next);
    assertEquals(epochs(2), EpochLog.confirmed(checkpoint));
    assertEquals(epochs(3), EpochLog.read(EpochLog.of(checkpoint)), "read keeps every line");
  }

  @Test
  void theFirstEpochDoesNotCountWithoutAnyCheckpoint() throws IOException {
    Path checkpoint = dir.resolve("run.ckpt");
    Path next = Files.write(dir.resolve("run.ckpt.tmp"), new byte[] {7});
    EpochLog.write(EpochLog.of(checkpoint), epochs(1), next);
    assertTrue(EpochLog.confirmed(checkpoint).isEmpty());
  }

  @Test
  void aLogWithoutADigestCountsWhole() throws IOException {
    Path checkpoint = Files.write(dir.resolve("run.ckpt"), new byte[] {1});
    Files.writeString(EpochLog.of(checkpoint),
        "stage epoch trainLoss trainAccuracy testAccuracy imagesPerSecond\n"
            + "0 1 0.5 0.5 0.4 100.0\n0 2 0.25 0.5 0.4 100.0\n");
    assertEquals(2, EpochLog.confirmed(checkpoint).size());
  }

  @Test
  void aMalformedLineIsNamed() throws IOException {
    Path checkpoint = Files.write(dir.resolve("run.ckpt"), new byte[] {1});
    Files.writeString(EpochLog.of(checkpoint),
        "stage epoch trainLoss trainAccuracy testAccuracy imagesPerSecond\n0 1 x\n");
    String message =
        assertThrows(IllegalArgumentException.class, () -> EpochLog.confirmed(checkpoint))
            .getMessage();
    assertTrue(message.contains("line 2"), message);
  }
}
