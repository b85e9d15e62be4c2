package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.backends.onnx.training.CheckpointReader;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.training.TrainingInterruptedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupting training (a thread interrupt, or SIGINT to a child JVM as Ctrl-C sends) leaves the
 * last complete checkpoint intact and resumable.
 */
class InterruptTest {

  private static final ModelSpec SPEC = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 1);
  private static final LossSpec LOSS = LossSpec.crossEntropy(4);
  private static final TrainingConfig MANY_EPOCHS = TrainingConfig.adamW(100_000, 16, 3);

  @Test
  void interruptedThreadStopsBetweenStepsAndKeepsTheCheckpoint(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("run.ckpt");
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread training =
        new Thread(
            () -> {
              try {
                new Trainer(OrtSettings.cpu(), null)
                    .checkpointingTo(file)
                    .train(SPEC, LOSS, MANY_EPOCHS, SyntheticImages.quadrants(64, 5), null)
                    .close();
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    training.start();
    waitFor(file);
    training.interrupt();
    training.join(30_000);
    assertFalse(training.isAlive(), "training must stop after an interrupt");
    assertTrue(failure.get() instanceof TrainingInterruptedException, String.valueOf(failure.get()));
    int completed = ((TrainingInterruptedException) failure.get()).epochsCompleted();
    assertTrue(completed >= 1, "epochs completed: " + completed);
    assertResumable(file, dir);
  }

  @Test
  void sigintToAChildJvmLeavesALoadableCheckpoint(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("child.ckpt");
    List<String> classpath = new ArrayList<>();
    for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
      String value = System.getProperty(property);
      if (value != null && !value.isEmpty()) {
        classpath.add(value);
      }
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                java.toString(), "-cp", String.join(File.pathSeparator, classpath),
                InterruptibleTrainingMain.class.getName(), file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    try {
      waitFor(file);
      // a JVM started with SIGINT ignored (a background job of a shell without job control)
      // passes that on to the child, which keeps ignoring it; SIGTERM takes the same path then
      boolean sigint = !sigintIgnored();
      String signal = sigint ? "INT" : "TERM";
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).start();
      assertEquals(0, kill.waitFor(), "kill -" + signal);
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child must exit after SIG" + signal);
      assertEquals(sigint ? 130 : 143, child.exitValue(),
          Files.readString(dir.resolve("child.log")));
    } finally {
      child.destroyForcibly();
    }
    assertResumable(file, dir);
  }

  /**
   * Whether this process ignores SIGINT, which its children inherit (Linux: the bit of signal 2 in
   * the {@code SigIgn} mask of {@code /proc/self/status}); false where that file is missing.
   */
  static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
        return (mask & (1L << (2 - 1))) != 0;
      }
    }
    return false;
  }

  private static void waitFor(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(file) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertTrue(Files.exists(file), "no checkpoint was written");
  }

  private static void assertResumable(Path file, Path dir) throws Exception {
    try (var names = Files.list(dir)) {
      assertTrue(names.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
          "no half-written checkpoint is left");
    }
    byte[] saved = Files.readAllBytes(file);
    assertFalse(CheckpointReader.read(saved).trainable().isEmpty());
    int done;
    try (TrainingSession session =
        new TrainingSession(
            TrainingArtifacts.build(ModelZoo.create(SPEC), LOSS, MANY_EPOCHS), saved,
            OrtSettings.cpu())) {
      done = (int) session.property(ProgressProperties.EPOCH);
    }
    assertTrue(done >= 1, "epochs in the checkpoint: " + done);
    try (TrainedModel resumed =
        new Trainer(OrtSettings.cpu(), null)
            .resume(SPEC, LOSS, MANY_EPOCHS.withEpochs(done + 1),
                SyntheticImages.quadrants(64, 5), null, file)) {
      assertEquals(done + 1, resumed.history().get(0).epoch());
    }
  }
}
