package org.ecoc4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.training.TrainingProgress;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A training process killed without warning (the JVM halted as {@code kill -9} stops it, in a
 * child process) half-way through writing a checkpoint, or between epochs, loses at most the epoch
 * in progress: the checkpoint on disk is the last complete one, a half-written temporary file is
 * never read, and resuming reaches the uninterrupted run's weights exactly.
 */
class KilledRunTest {

  @TempDir Path dir;

  /**
   * Where the child is killed (stage from 0, epoch or epochs done from 1), and the checkpoint that
   * must be on disk afterwards.
   */
  static Stream<Arguments> kills() {
    return Stream.of(
        Arguments.of("while-saving", 0, 2, 0, 1),
        Arguments.of("while-saving", 1, 1, 0, 3),
        Arguments.of("between-epochs", 0, 2, 0, 1),
        Arguments.of("between-epochs", 1, 2, 1, 1));
  }

  @ParameterizedTest(name = "{0} at stage {1}, {2}: checkpoint at stage {3} after {4} epochs")
  @MethodSource("kills")
  void aKilledRunResumesFromItsLastCompleteCheckpoint(
      String mode, int stage, int at, int expectedStage, int expectedEpochs) throws Exception {
    Path checkpoint = dir.resolve("run.ckpt");
    Process child = child(checkpoint, mode, stage, at);
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child must stop");
    assertEquals(LinearEngine.KILLED, child.exitValue(), Files.readString(dir.resolve("log")));
    if (mode.equals("while-saving")) {
      assertTrue(Files.exists(dir.resolve("run.ckpt.tmp")), "the half-written file is left");
    }
    TrainingProgress reached = new LinearEngine().progress(checkpoint);
    assertEquals(expectedStage, reached.stage());
    assertEquals(expectedEpochs, reached.epochsDone());
    List<EpochLog.Entry> logged = EpochLog.confirmed(checkpoint);
    EpochLog.Entry last = logged.get(logged.size() - 1);
    assertEquals(List.of(expectedStage, expectedEpochs),
        List.of(last.stage(), last.summary().epoch()), "the log ends at the checkpoint's epoch");

    double[] uninterrupted;
    try (TrainedNetwork net = new TrainingLoop(new LinearEngine())
        .run(KilledRunMain.MODEL, KilledRunMain.stages(), KilledRunMain.data())) {
      uninterrupted = ((LinearEngine.Trained) net).weights();
    }
    try (TrainedNetwork resumed = new TrainingLoop(new LinearEngine()).checkpointingTo(checkpoint)
        .resume(KilledRunMain.MODEL, KilledRunMain.stages(), KilledRunMain.data(), checkpoint)) {
      assertArrayEquals(uninterrupted, ((LinearEngine.Trained) resumed).weights());
    }
    assertTrue(Files.notExists(dir.resolve("run.ckpt.tmp")),
        "the next checkpoint write replaces the half-written file");
  }

  private Process child(Path checkpoint, String mode, int stage, int at) throws IOException {
    List<String> classpath = new ArrayList<>();
    for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
      String value = System.getProperty(property);
      if (value != null && !value.isEmpty()) {
        classpath.add(value);
      }
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(java.toString(), "-cp", String.join(File.pathSeparator, classpath),
            KilledRunMain.class.getName(), checkpoint.toString(), mode, Integer.toString(stage),
            Integer.toString(at))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("log").toFile())
        .start();
  }
}
