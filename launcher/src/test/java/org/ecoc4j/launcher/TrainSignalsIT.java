package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops real {@code ./ecoc4j train} processes the way users and machines do, with Ctrl-C
 * (SIGINT) and {@code kill -9}, once their first epoch is checkpointed: nothing appears under the
 * model's name, SIGINT says where it stopped and what to run, and {@code --resume} then ends
 * with the same weights as a run that was never stopped (an integration test on the packaged
 * launcher, like {@link ScriptIT}).
 */
class TrainSignalsIT {

  private static final Path ROOT = PluginJars.MODULE_DIR.getParent();
  private static final int EPOCHS = 6;

  @TempDir Path work;

  @BeforeEach
  void requirePackagedLauncher() {
    assertTrue(Files.isRegularFile(ROOT.resolve("launcher/target/ecoc4j-launcher.jar")),
        "the launcher has not been packaged yet");
  }

  private Process start(String out, String... more) throws IOException {
    return start(out, EPOCHS, out, more);
  }

  private Process start(String out, int epochs, String log, String... more) throws IOException {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("ecoc4j").toString(), "train",
        "--defense", "one-hot", "--architecture", "lenet", "--dataset", "fashion-mnist",
        "--epochs", Integer.toString(epochs), "-O", "dataset.subset=0.2", "-O",
        "backend.threads=1", "-O", "backend.progress=false", "--out", out));
    command.addAll(List.of(more));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    builder.environment().put("ECOC4J_NO_BUILD", "1");
    builder.redirectOutput(work.resolve(log + ".out").toFile());
    builder.redirectError(work.resolve(log + ".err").toFile());
    return builder.start();
  }

  private CliResult finish(Process process, String out) throws Exception {
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "train did not end in 120 s");
    return new CliResult(process.exitValue(), Files.readString(work.resolve(out + ".out")),
        Files.readString(work.resolve(out + ".err")));
  }

  private void awaitFirstCheckpoint(Process process, String out) throws InterruptedException {
    Path checkpoint = work.resolve("." + out + ".partial/epoch.ckpt");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(checkpoint) && process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(Files.exists(checkpoint) && process.isAlive(), "no checkpoint while running");
  }

  private static void signal(Process process, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
        .inheritIO().start();
    assertEquals(0, kill.waitFor());
  }

  @Test
  void aSecondProcessIntoTheSameOutIsRefusedNamingTheFirst() throws Exception {
    Process first = start("busy", 200, "first");
    try {
      Path lock = work.resolve(".busy.lock");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(lock) && first.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(first.isAlive() && Files.exists(lock), "the first run holds no lock");
      CliResult second = finish(start("busy", 1, "second", "--seed", "2"), "second");
      assertEquals(2, second.code(), second::toString);
      assertTrue(second.err().contains("is being written by another run: pid " + first.pid()),
          second::toString);
      assertTrue(second.err().contains("--epochs 200"), second::toString);
      assertTrue(first.isAlive(), "the first run goes on");
    } finally {
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Whether this JVM was started with SIGINT ignored, which its children inherit. */
  private static boolean ignoresSigint() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0b10) != 0;
      }
    }
    return false;
  }

  @Test
  void ctrlCAndKillMinus9KeepTheLastEpoch_andResumeReachesTheUninterruptedWeights()
      throws Exception {
    CliResult whole = finish(start("whole"), "whole");
    assertEquals(0, whole.code(), whole::toString);

    Process interrupted = start("ctrl-c");
    awaitFirstCheckpoint(interrupted, "ctrl-c");
    // a process started with SIGINT ignored (a background job of a shell without job control)
    // passes that on and the JVM keeps ignoring it; SIGTERM takes the same path then
    boolean sigint = !ignoresSigint();
    signal(interrupted, sigint ? "INT" : "TERM");
    CliResult stopped = finish(interrupted, "ctrl-c");
    assertEquals(sigint ? 130 : 143, stopped.code(), stopped::toString);
    assertTrue(stopped.err().contains("complete epoch(s) are saved in "), stopped::toString);
    assertTrue(stopped.err().contains("to continue, run: ecoc4j train --defense one-hot"),
        stopped::toString);
    assertTrue(stopped.err().strip().endsWith("--out ctrl-c --resume"), stopped::toString);
    assertFalse(Files.exists(work.resolve("ctrl-c")));

    Process killed = start("killed");
    awaitFirstCheckpoint(killed, "killed");
    signal(killed, "KILL");
    assertEquals(137, finish(killed, "killed").code());
    assertFalse(Files.exists(work.resolve("killed")), "no half model under the model's name");

    for (String out : List.of("ctrl-c", "killed")) {
      CliResult resumed = finish(start(out, "--resume"), out);
      assertEquals(0, resumed.code(), resumed::toString);
      assertArrayEquals(Files.readAllBytes(work.resolve("whole/model.onnx")),
          Files.readAllBytes(work.resolve(out).resolve("model.onnx")), out);
      assertEquals(EPOCHS, new ObjectMapper().readTree(work.resolve(out).resolve("model.json")
          .toFile()).path("provenance").path("history").size(), out);
    }
    try (Stream<Path> left = Files.list(work)) {
      assertEquals(List.of(), left.map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith(".")).toList(), "no lock or run folder is left");
    }
  }
}
