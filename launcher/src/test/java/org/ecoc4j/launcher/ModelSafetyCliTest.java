package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} never loses a model: the model directory appears complete or not at all, with a
 * manifest that every load checks; a second run into the same {@code --out} is refused while the
 * first runs; an interrupted run keeps its last complete epoch and {@code --resume} reaches the
 * uninterrupted run's weights exactly, refusing changed settings unless told otherwise.
 */
class ModelSafetyCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private CliResult run(String... args) {
    return Cli.in(work).run(args);
  }

  private static String[] train(String out, int epochs, String... more) {
    return Stream.concat(Stream.of("train", "--defense", "one-hot", "--architecture", "lenet",
        "--dataset", "fashion-mnist", "--epochs", Integer.toString(epochs), "-O",
        "dataset.subset=0.2", "-O", "backend.threads=1", "--out", out), Stream.of(more))
        .toArray(String[]::new);
  }

  private List<String> listing(Path folder) throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private JsonNode description(String model) throws IOException {
    return JSON.readTree(work.resolve(model).resolve("model.json").toFile());
  }

  @Test
  void aTrainedModelHasAManifestThatFindsAFlippedByteInEachFile() throws IOException {
    CliResult train = run(train("m", 1));
    assertEquals(0, train.code(), train::toString);
    assertEquals(List.of("m"), listing(work), "no lock file or run folder is left beside it");
    assertEquals(List.of("checkpoint.ckpt", "codebooks.json", "manifest.json", "model.json",
        "model.onnx"), listing(work.resolve("m")));
    assertFalse(Files.readString(work.resolve("m/model.json")).contains(".partial"),
        "the run's own checkpoint option is not recorded");
    for (String file : List.of("checkpoint.ckpt", "model.onnx", "model.json", "codebooks.json",
        "manifest.json")) {
      Path copy = copyOf("m", "flipped-" + file);
      Path target = copy.resolve(file);
      byte[] bytes = Files.readAllBytes(target);
      bytes[bytes.length / 2] ^= 0x10;
      Files.write(target, bytes);
      CliResult attack = run("attack", "--model", copy.getFileName().toString(), "--dataset",
          "fashion-mnist", "--attack", "fgsm", "--epsilon", "0.1", "--samples", "10", "--out",
          "r-" + file);
      assertEquals(1, attack.code(), attack::toString);
      assertTrue(attack.err().contains(file) && attack.err().contains("corrupt"),
          attack::toString);
      CliResult evaluate = run("evaluate", "--model", copy.getFileName().toString(),
          "--attacks", "fgsm", "--samples", "10", "--out", "e-" + file);
      assertEquals(1, evaluate.code(), evaluate::toString);
      assertTrue(evaluate.err().contains(file) && evaluate.err().contains("corrupt"),
          evaluate::toString);
    }
    Path old = copyOf("m", "old");
    Files.delete(old.resolve("manifest.json"));
    CliResult unchecked = run("attack", "--model", "old", "--dataset", "fashion-mnist",
        "--attack", "fgsm", "--epsilon", "0.1", "--samples", "10", "--out", "r-old");
    assertEquals(0, unchecked.code(), unchecked::toString);
    assertTrue(unchecked.err().contains("has no manifest.json (written by an older ecoc4j)"),
        unchecked::toString);
  }

  private Path copyOf(String model, String name) throws IOException {
    Path copy = Files.createDirectories(work.resolve(name));
    for (String file : listing(work.resolve(model))) {
      Files.copy(work.resolve(model).resolve(file), copy.resolve(file));
    }
    return copy;
  }

  @Test
  void aSecondRunIntoTheSameOutIsRefusedNamingTheFirst_andTheFirstModelIsKept()
      throws Exception {
    CompletableFuture<CliResult> first = CompletableFuture.supplyAsync(() -> run(train("m", 2)));
    Path lock = work.resolve(".m.lock");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(lock) && !first.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    CliResult second = run(train("m", 1, "--seed", "2"));
    CliResult firstResult = first.get(120, TimeUnit.SECONDS);
    assertEquals(0, firstResult.code(), firstResult::toString);
    assertEquals(2, second.code(), second::toString);
    assertTrue(second.err().contains("--out m: ") && second.err().contains(
        "is being written by another run: pid " + ProcessHandle.current().pid()),
        second::toString);
    assertTrue(second.err().contains("--epochs 2"), "names the first run's command: " + second);
    assertEquals(1, description("m").path("provenance").path("defense").path("seed").asInt());
    CliResult third = run(train("m", 1));
    assertEquals(2, third.code(), third::toString);
    assertTrue(third.err().contains("--out m already holds a model"), third::toString);
  }

  @Test
  void anInterruptedRunResumesToTheUninterruptedWeights_refusingChangedSettings()
      throws Exception {
    CliResult whole = run(train("whole", 3));
    assertEquals(0, whole.code(), whole::toString);

    CliResult stopped = interruptAfterFirstEpoch("m", 3);
    assertEquals(130, stopped.code(), stopped::toString);
    assertTrue(stopped.err().contains("training interrupted at epoch"), stopped::toString);
    assertTrue(stopped.err().contains("complete epoch(s) are saved in " + work.resolve(".m.partial")
        + "; to continue, run: ecoc4j train --defense one-hot"), stopped::toString);
    assertTrue(stopped.err().contains("--out m --resume"), stopped::toString);
    assertFalse(Files.exists(work.resolve("m")), "no half model under the user's name");
    assertFalse(Files.exists(work.resolve(".m.lock")));
    CliResult early = run("attack", "--model", "m", "--dataset", "fashion-mnist", "--attack",
        "fgsm", "--epsilon", "0.1", "--out", "r");
    assertEquals(1, early.code(), early::toString);
    assertTrue(early.err().contains("does not exist; an unfinished training run is in "
        + work.resolve(".m.partial")), early::toString);

    CliResult again = run(train("m", 3));
    assertEquals(2, again.code(), again::toString);
    assertTrue(again.err().contains("--out m has an unfinished run"), again::toString);
    CliResult faster = run(train("m", 3, "--resume", "--learning-rate", "0.01"));
    assertEquals(2, faster.code(), faster::toString);
    assertTrue(faster.err().contains("--learning-rate (0.001 there, 0.01 now)"),
        faster::toString);
    assertTrue(faster.err().contains("--resume-with-new-settings"), faster::toString);
    CliResult reseeded = run(train("m", 3, "--resume-with-new-settings", "--seed", "7",
        "--batch-size", "32"));
    assertEquals(2, reseeded.code(), reseeded::toString);
    assertTrue(reseeded.err().contains("--seed (1 there, 7 now)"), reseeded::toString);
    assertFalse(reseeded.err().contains("--batch-size"),
        "only the settings the checkpoint depends on are named: " + reseeded);
    CliResult noRun = run(train("elsewhere", 3, "--resume"));
    assertEquals(2, noRun.code(), noRun::toString);
    assertTrue(noRun.err().contains("has no unfinished run to resume"), noRun::toString);

    CliResult resumed = run(train("m", 3, "--resume"));
    assertEquals(0, resumed.code(), resumed::toString);
    assertArrayEquals(Files.readAllBytes(work.resolve("whole/model.onnx")),
        Files.readAllBytes(work.resolve("m/model.onnx")), "the uninterrupted run's weights");
    JsonNode provenance = description("m").path("provenance");
    assertEquals(3, provenance.path("history").size(), "every epoch, before the interruption too");
    assertEquals(description("whole").path("provenance").path("history").get(0)
        .path("trainLoss"), provenance.path("history").get(0).path("trainLoss"));
    assertEquals(1, provenance.path("resumes").size(), provenance::toString);
    int after = provenance.path("resumes").get(0).path("afterEpochs").asInt();
    assertTrue(after >= 1 && after < 3, provenance::toString);
    assertEquals(List.of("m", "whole"), listing(work));
  }

  @Test
  void resumingWithNewTrainingSettingsIsRecorded() throws Exception {
    CliResult stopped = interruptAfterFirstEpoch("m", 2);
    assertEquals(130, stopped.code(), stopped::toString);
    CliResult resumed =
        run(train("m", 2, "--resume-with-new-settings", "--learning-rate", "0.0005"));
    assertEquals(0, resumed.code(), resumed::toString);
    JsonNode provenance = description("m").path("provenance");
    assertEquals(2, provenance.path("history").size(), provenance::toString);
    JsonNode changed = provenance.path("resumes").get(0).path("changedSettings");
    assertEquals("0.001", changed.path("--learning-rate").path("before").asText(),
        provenance::toString);
    assertEquals("5.0E-4", changed.path("--learning-rate").path("after").asText());
  }

  /** Runs {@code train} on a thread and interrupts it once its first epoch is checkpointed. */
  private CliResult interruptAfterFirstEpoch(String out, int epochs) throws Exception {
    CompletableFuture<Thread> trainer = new CompletableFuture<>();
    CompletableFuture<CliResult> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      trainer.complete(Thread.currentThread());
      result.complete(run(train(out, epochs)));
    });
    thread.start();
    Path checkpoint = work.resolve("." + out + ".partial/epoch.ckpt");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(checkpoint) && !result.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    trainer.get().interrupt();
    return result.get(120, TimeUnit.SECONDS);
  }
}
