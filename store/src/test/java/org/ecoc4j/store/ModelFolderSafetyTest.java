package org.ecoc4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pieces that keep a model directory safe without training anything: folders written through
 * a temporary sibling and renamed into place, the manifest that finds a changed byte in any file,
 * and the lock that lets one run at a time write an output folder.
 */
class ModelFolderSafetyTest {

  @TempDir Path work;

  private Path writeFolder(Path target) {
    AtomicFolders.write(target, staging -> {
      write(staging.resolve("a.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
      write(staging.resolve("b.json"), "{\"x\": 1}".getBytes());
      ModelManifest.write(staging);
    });
    return target;
  }

  private static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private List<String> hiddenLeftovers() throws IOException {
    try (Stream<Path> list = Files.list(work)) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }

  @Test
  void aFolderAppearsComplete_withItsManifest_andNoTemporaryFolderStays() throws IOException {
    Path target = writeFolder(work.resolve("model"));
    assertTrue(Files.exists(target.resolve(ModelManifest.FILE)));
    assertTrue(ModelManifest.verify(target));
    assertEquals(List.of(), hiddenLeftovers());
  }

  @Test
  void aWriterThatFailsLeavesNothing_neitherTheTargetNorATemporaryFolder() throws IOException {
    Path target = work.resolve("model");
    InputFileException e = assertThrows(InputFileException.class,
        () -> AtomicFolders.write(target, staging -> {
          write(staging.resolve("a.bin"), new byte[10]);
          throw new InputFileException("disk full while writing a.bin");
        }));
    assertEquals("disk full while writing a.bin", e.getMessage());
    assertFalse(Files.exists(target));
    assertEquals(List.of(), hiddenLeftovers());
  }

  @Test
  void aTargetThatHoldsFilesIsNeverReplaced() throws IOException {
    Path target = Files.createDirectories(work.resolve("model"));
    Files.writeString(target.resolve("model.json"), "precious");
    InputFileException e = assertThrows(InputFileException.class, () -> writeFolder(target));
    assertTrue(e.getMessage().contains("already holds files (model.json)"), e.getMessage());
    assertEquals("precious", Files.readString(target.resolve("model.json")));
    assertEquals(List.of(), hiddenLeftovers());
  }

  @Test
  void anEmptyTargetFolderIsReplaced() throws IOException {
    Path target = Files.createDirectories(work.resolve("model"));
    writeFolder(target);
    assertTrue(ModelManifest.verify(target));
  }

  /** Flips one byte of each file in turn, the manifest included: the error names that file. */
  @ParameterizedTest
  @ValueSource(strings = {"a.bin", "b.json", "manifest.json"})
  void aFlippedByteInAnyFileIsAnErrorNamingIt(String name) throws IOException {
    Path target = writeFolder(work.resolve("model"));
    Path file = target.resolve(name);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);
    InputFileException e = assertThrows(InputFileException.class,
        () -> ModelManifest.verify(target));
    assertTrue(e.getMessage().contains(name), e.getMessage());
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
  }

  @Test
  void aTruncatedOrMissingFileIsAnErrorNamingIt() throws IOException {
    Path target = writeFolder(work.resolve("model"));
    Files.write(target.resolve("a.bin"), new byte[0]);
    InputFileException truncated =
        assertThrows(InputFileException.class, () -> ModelManifest.verify(target));
    assertTrue(truncated.getMessage().contains("a.bin is corrupt: it has 0 bytes"),
        truncated.getMessage());
    Files.delete(target.resolve("b.json"));
    Files.write(target.resolve("a.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    InputFileException missing =
        assertThrows(InputFileException.class, () -> ModelManifest.verify(target));
    assertTrue(missing.getMessage().contains("b.json is missing"), missing.getMessage());
  }

  @Test
  void aFolderWithoutManifestIsReportedAsUnchecked() throws IOException {
    Path old = Files.createDirectories(work.resolve("old"));
    Files.writeString(old.resolve("model.json"), "{}");
    assertFalse(ModelManifest.verify(old));
  }

  @Test
  void aSecondLockOnTheSameFolderIsRefusedNamingTheFirst_andTheLockFileGoesWithTheRun()
      throws IOException {
    Path folder = work.resolve("runs/model");
    try (ModelFolderLock first = ModelFolderLock.acquire(folder, "ecoc4j train --out first")) {
      Path file = ModelFolderLock.fileOf(folder);
      assertEquals(work.resolve("runs/.model.lock"), file);
      String holder = Files.readString(file);
      assertTrue(holder.startsWith("pid " + ProcessHandle.current().pid() + " on "), holder);
      ModelFolderLock.FolderInUseException e = assertThrows(
          ModelFolderLock.FolderInUseException.class,
          () -> ModelFolderLock.acquire(folder, "ecoc4j train --out second"));
      assertTrue(e.getMessage().contains("is being written by another run: pid "),
          e.getMessage());
      assertTrue(e.getMessage().contains("ecoc4j train --out first"), e.getMessage());
      try (ModelFolderLock other = ModelFolderLock.acquire(work.resolve("runs/other"), "x")) {
        assertTrue(Files.exists(ModelFolderLock.fileOf(work.resolve("runs/other"))));
      }
    }
    assertFalse(Files.exists(ModelFolderLock.fileOf(folder)));
    try (ModelFolderLock again = ModelFolderLock.acquire(folder, "ecoc4j train --out third")) {
      assertTrue(Files.readString(ModelFolderLock.fileOf(folder)).contains("third"));
    }
  }

  @Test
  void aStaleLockFileLeftByAKilledRunIsTakenOver() throws IOException {
    Path folder = work.resolve("model");
    Files.writeString(ModelFolderLock.fileOf(folder), "pid 1 on elsewhere, started long ago");
    try (ModelFolderLock lock = ModelFolderLock.acquire(folder, "ecoc4j train")) {
      assertTrue(Files.readString(ModelFolderLock.fileOf(folder)).contains("ecoc4j train"));
    }
  }

  @Test
  void ofManyRunsStartingTogetherExactlyOneHoldsTheFolder() throws Exception {
    int runs = 8;
    Path folder = work.resolve("model");
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = Stream.generate(() -> pool.submit(() -> {
        start.await();
        try (ModelFolderLock lock = ModelFolderLock.acquire(folder, "run")) {
          release.await(10, TimeUnit.SECONDS);
          return true;
        } catch (ModelFolderLock.FolderInUseException e) {
          return false;
        }
      })).limit(runs).toList();
      start.countDown();
      Thread.sleep(500);
      release.countDown();
      long holders = 0;
      for (Future<Boolean> result : results) {
        holders += result.get(20, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertEquals(1, holders);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRunRecordRoundTripsAndNamesItsDifferences() {
    RunRecord record = new RunRecord("ecoc4j train --out m",
        Map.of("--seed", "1", "--learning-rate", "0.001"), List.of());
    Path file = work.resolve("run.json");
    RunRecord back = RunRecord.parse(record.toJson(), file);
    assertEquals(record, back);
    Map<String, List<String>> differ =
        back.differences(Map.of("--seed", "1", "--learning-rate", "0.01", "--epochs", "3"));
    assertEquals(Map.of("--learning-rate", List.of("0.001", "0.01"),
        "--epochs", List.of("(unset)", "3")), differ);
    RunRecord resumed = back.resumed(Map.of("--seed", "1", "--learning-rate", "0.01"), 2, "t");
    assertEquals(resumed, RunRecord.parse(resumed.toJson(), file));
    assertEquals(2, resumed.provenance().get(0).get("afterEpochs"));
  }
}
