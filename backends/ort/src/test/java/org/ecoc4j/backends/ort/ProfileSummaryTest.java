package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kernel times summed by operator from ONNX Runtime's profile format, written here by hand. */
class ProfileSummaryTest {

  private static String kernel(String op, long dur, String pool, String... workers) {
    StringBuilder subs = new StringBuilder();
    for (String w : workers) {
      subs.append(subs.isEmpty() ? "" : ",").append('"').append(w).append("\":{\"num_run\":1}");
    }
    return "{\"cat\":\"Node\",\"name\":\"n_" + op + "_kernel_time\",\"dur\":" + dur
        + ",\"args\":{\"op_name\":\"" + op + "\",\"thread_scheduling_stats\":{\"main_thread\":"
        + "{\"thread_pool_name\":\"" + pool + "\"},\"sub_threads\":{" + subs + "}}}}";
  }

  @Test
  void sumsKernelTimesByOperatorAcrossFiles(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.json");
    Path b = dir.resolve("b.json");
    Files.writeString(a, "[" + String.join(",",
        "{\"cat\":\"Session\",\"name\":\"session_initialization\",\"dur\":900000}",
        "{\"cat\":\"Node\",\"name\":\"n_Conv_fence_before\",\"dur\":5000,"
            + "\"args\":{\"op_name\":\"Conv\"}}",
        kernel("Conv", 300, "session-1-intra-op", "11"),
        kernel("ConvGrad", 500, "session-1-intra-op", "11", "12"),
        kernel("Conv", 100, "session-1-intra-op")) + "]");
    Files.writeString(b, "[" + String.join(",",
        kernel("Relu", 60, "session-2-intra-op", "thread::id of a non-executing thread", "0"),
        kernel("Relu", 40, "session-2-intra-op", "21")) + "]");
    ProfileSummary s = ProfileSummary.read(List.of(a, b));
    assertEquals(List.of("ConvGrad", "Conv", "Relu"),
        s.operators().stream().map(ProfileSummary.OperatorTime::operator).toList());
    assertEquals(1000, s.totalMicros());
    assertEquals(0.5, s.operators().get(0).share(), 1e-12);
    assertEquals(400, s.operators().get(1).micros());
    assertEquals(2, s.operators().get(1).calls());
    assertEquals(2, s.workerThreads(), "the most of one file, not both sessions' pools added");
    assertEquals(1, ProfileSummary.read(List.of(b)).workerThreads(),
        "a worker listed before it recorded its id is not another worker");
    assertEquals(2, s.pools().size());
    assertEquals("ConvGrad 50.0%, Conv 40.0%", s.top(2));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    s.print(5, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String table = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("Relu") && table.contains("10.0%"), table);
  }

  /**
   * Two sessions that wrote one file name, the shorter profile last: that file is left out and
   * listed, the whole ones summed.
   */
  @Test
  void readsTheWholeProfilesAndListsTheGarbledOnes(@TempDir Path dir) throws Exception {
    Path whole = dir.resolve("training.json");
    Files.writeString(whole, "[" + kernel("Conv", 300, "p") + "," + kernel("Relu", 100, "p") + "]");
    Path garbled = dir.resolve("eval.json");
    String longer = "[" + kernel("Conv", 7, "q") + "," + kernel("Gemm", 9, "q") + "]";
    String shorter = "[" + kernel("Relu", 5, "q") + "]";
    Files.writeString(garbled, shorter + longer.substring(shorter.length()));
    ProfileSummary.Whole read = ProfileSummary.readWhole(List.of(garbled, whole));
    assertEquals(List.of(garbled), read.garbled());
    assertEquals(400, read.summary().totalMicros());
    assertEquals("Conv 75.0%, Relu 25.0%", read.summary().top(5));
    ProfileSummary.Whole none = ProfileSummary.readWhole(List.of(garbled));
    assertEquals(0, none.summary().totalMicros());
    assertEquals(List.of(garbled), none.garbled());
  }

  @Test
  void refusesAFileThatIsNotAProfileNamingIt(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "[{\"cat\":\"Node\"");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProfileSummary.read(List.of(broken)));
    assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
    Path garbled = dir.resolve("garbled.json");
    Files.writeString(garbled, "[" + kernel("Conv", 1, "p") + "]\n" + kernel("Relu", 2, "p") + "]");
    e = assertThrows(IllegalArgumentException.class, () -> ProfileSummary.read(List.of(garbled)));
    assertTrue(e.getMessage().contains("garbled.json"), e.getMessage());
    Path object = dir.resolve("object.json");
    Files.writeString(object, "{\"cat\":\"Node\"}");
    e = assertThrows(IllegalArgumentException.class, () -> ProfileSummary.read(List.of(object)));
    assertTrue(e.getMessage().contains("object.json"), e.getMessage());
  }
}
