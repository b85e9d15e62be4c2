package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --model FILE.onnx}: a forward ONNX model the test writes itself, trained as a
 * defense on the bundled Fashion-MNIST sample, reopened by {@code evaluate} and {@code attack},
 * and the files that do not fit.
 */
class ImportedModelCliTest {

  static {
    // the launcher's module does not read the graph builder's (nor the ONNX protobuf classes),
    // which only its tests use
    for (String module : List.of("ecoc4j.backends.onnx", "org.tribuo.util.onnx",
        "com.google.protobuf")) {
      ImportedModelCliTest.class.getModule().addReads(
          ModuleLayer.boot().findModule(module).orElseThrow());
    }
  }

  @TempDir Path work;

  private CliResult run(String... args) {
    return Cli.in(work).run(args);
  }

  /**
   * An exporter-style forward model: Conv 3x3 (4 channels, padding 1), Relu, MaxPool 2, Flatten,
   * Gemm to {@code outputs}, with He-uniform weights; optionally a Sin node the importer refuses.
   */
  private static byte[] forwardModel(int side, int outputs, boolean withSin) {
    SplittableRandom random = new SplittableRandom(11);
    GraphBuilder g = new GraphBuilder();
    g.input("input", TensorInfo.floats(TensorInfo.BATCH, 1, side, side));
    String x = g.conv("input", g.constant("conv.weight", uniform(random, 36, 9), 4, 1, 3, 3),
        g.constant("conv.bias", new float[4], 4), 1, 1);
    x = g.relu(x);
    if (withSin) {
      x = g.node("Sin", "", List.of(x), List.of("sin"), List.of(g.info(x)), List.of()).get(0);
    }
    x = g.flatten(g.maxPool(x, 2, 2).output());
    int features = 4 * (side / 2) * (side / 2);
    String y = g.gemm(x, g.constant("fc.weight", uniform(random, outputs * features, features),
        outputs, features), g.constant("fc.bias", new float[outputs], outputs), true);
    g.output(y);
    return g.model("forward").toByteArray();
  }

  /**
   * {@code model} with its {@code fc.weight} moved into the external-data file {@code location}
   * (written into {@code folder} unless the location leaves it), as PyTorch's torch.export-based
   * exporter keeps weights in a {@code .onnx.data} file beside the graph.
   */
  private static byte[] withExternalWeight(byte[] model, Path folder, String location)
      throws IOException {
    ModelProto proto = ModelProto.parseFrom(model);
    GraphProto.Builder graph = proto.getGraph().toBuilder().clearInitializer();
    for (TensorProto t : proto.getGraph().getInitializerList()) {
      if (!t.getName().equals("fc.weight")) {
        graph.addInitializer(t);
        continue;
      }
      byte[] values = t.getRawData().toByteArray();
      if (!location.contains("..")) {
        Files.write(folder.resolve(location), values);
      }
      graph.addInitializer(t.toBuilder().clearRawData().clearFloatData()
          .setDataLocation(TensorProto.DataLocation.EXTERNAL)
          .addExternalData(entry("location", location))
          .addExternalData(entry("offset", "0"))
          .addExternalData(entry("length", Integer.toString(values.length))));
    }
    return proto.toBuilder().setGraph(graph).build().toByteArray();
  }

  private static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }

  private static float[] uniform(SplittableRandom random, int count, int fanIn) {
    float bound = (float) Math.sqrt(6.0 / fanIn);
    float[] v = new float[count];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextDouble(-bound, bound);
    }
    return v;
  }

  @Test
  void trainsTheFileAsADefenseThatEvaluateAndAttackReopen() throws Exception {
    byte[] file = forwardModel(28, 32, false);
    Files.write(work.resolve("net.onnx"), file);
    CliResult train =
        run("train", "--defense", "random-binary-ensemble", "--model", "net.onnx", "--dataset",
            "fashion-mnist", "--epochs", "2", "-O", "members=2", "-O", "code-length=16",
            "--out", "model");
    assertEquals(0, train.code(), train::toString);
    assertTrue(train.out().startsWith("trained random-binary-ensemble (2 members x 16 outputs)"),
        train::toString);
    Path model = work.resolve("model");
    assertTrue(Files.exists(model.resolve("model.onnx")));
    JsonNode json = new ObjectMapper().readTree(model.resolve("model.json").toFile());
    assertEquals("net.onnx", json.get("architecture").asText());
    assertFalse(json.get("backend").get("options").has("model-file"), json.toString());
    JsonNode graph = json.get("provenance").get("graph");
    assertEquals("net.onnx", graph.get("source").asText());
    assertEquals(sha256(file), graph.get("sha256").asText());
    assertEquals(sha256(file), sha256(Files.readAllBytes(model.resolve("graph.onnx"))));
    JsonNode history = json.get("provenance").get("history");
    assertTrue(history.get(1).get("trainLoss").asDouble() < history.get(0).get("trainLoss")
        .asDouble(), history.toString());
    double accuracy = history.get(1).get("testAccuracy").asDouble();
    assertTrue(accuracy > 0.5, "test accuracy " + accuracy);

    Files.delete(work.resolve("net.onnx")); // the model directory holds its own copy
    CliResult evaluate =
        run("evaluate", "--model", "model", "--attacks", "fgsm", "--epsilons", "0.1",
            "--samples", "50", "--protocol", "papers", "--out", "report");
    assertEquals(0, evaluate.code(), evaluate::toString);
    CliResult attack =
        run("attack", "--model", "model", "--dataset", "fashion-mnist", "--attack", "fgsm",
            "--epsilon", "0.1", "--samples", "50", "--out", "attack-report");
    assertEquals(0, attack.code(), attack::toString);
    JsonNode report =
        new ObjectMapper().readTree(work.resolve("attack-report/report.json").toFile());
    assertEquals(accuracy, report.get("clean").get("accuracy").asDouble(), 0.2,
        "the reopened network scores about as the trained one did");

    Files.write(model.resolve("graph.onnx"), new byte[] {0}, StandardOpenOption.APPEND);
    CliResult altered =
        run("attack", "--model", "model", "--dataset", "fashion-mnist", "--attack", "fgsm",
            "--epsilon", "0.1", "--samples", "10", "--out", "altered");
    assertEquals(1, altered.code(), altered::toString);
    assertTrue(altered.err().contains("graph.onnx is corrupt"), altered::toString);
    Files.delete(model.resolve("manifest.json")); // as an older directory: the graph's own SHA-256
    CliResult unchecked =
        run("attack", "--model", "model", "--dataset", "fashion-mnist", "--attack", "fgsm",
            "--epsilon", "0.1", "--samples", "10", "--out", "unchecked");
    assertEquals(1, unchecked.code(), unchecked::toString);
    assertTrue(unchecked.err().contains("SHA-256"), unchecked::toString);
  }

  /**
   * A model whose weights lie in an external-data file beside the graph trains, and its model
   * directory keeps them in its graph copy: evaluate and attack reopen it after the original
   * files are gone. A location outside the model's folder is refused and nothing is written.
   */
  @Test
  void externalWeightsTrainAndTheModelReopensWithoutTheOriginalFiles() throws Exception {
    byte[] file = withExternalWeight(forwardModel(28, 10, false), work, "net.onnx.data");
    Files.write(work.resolve("net.onnx"), file);
    CliResult train = run("train", "--defense", "one-hot", "--model", "net.onnx", "--dataset",
        "fashion-mnist", "--epochs", "1", "--out", "model");
    assertEquals(0, train.code(), train::toString);
    Path model = work.resolve("model");
    JsonNode graph = new ObjectMapper().readTree(model.resolve("model.json").toFile())
        .get("provenance").get("graph");
    assertEquals(sha256(file), graph.get("sourceSha256").asText(), graph.toString());
    byte[] copy = Files.readAllBytes(model.resolve("graph.onnx"));
    assertEquals(sha256(copy), graph.get("sha256").asText());
    assertTrue(ModelProto.parseFrom(copy).getGraph().getInitializerList().stream()
        .noneMatch(t -> t.getDataLocation() == TensorProto.DataLocation.EXTERNAL));

    Files.delete(work.resolve("net.onnx"));
    Files.delete(work.resolve("net.onnx.data"));
    CliResult attack =
        run("attack", "--model", "model", "--dataset", "fashion-mnist", "--attack", "fgsm",
            "--epsilon", "0.1", "--samples", "20", "--out", "attack-report");
    assertEquals(0, attack.code(), attack::toString);

    Path inner = Files.createDirectories(work.resolve("inner"));
    Files.write(work.resolve("secret.data"), new byte[4 * 10 * 784]);
    Files.write(inner.resolve("escape.onnx"),
        withExternalWeight(forwardModel(28, 10, false), inner, "../secret.data"));
    CliResult escape = run("train", "--defense", "one-hot", "--model", "inner/escape.onnx",
        "--dataset", "fashion-mnist", "--epochs", "1", "--out", "m");
    assertEquals(1, escape.code(), escape::toString);
    assertTrue(escape.err().contains("escape.onnx"), escape::toString);
    assertTrue(escape.err().contains("only a file in the model's own folder"), escape::toString);
    assertFalse(Files.exists(work.resolve("m")), "no model directory after a failure");
  }

  /**
   * A run of a model with external weights, interrupted after its first epoch, does not resume
   * once the {@code .onnx.data} file beside the unchanged graph has changed (the recorded
   * SHA-256 covers the weights), and resumes once it is restored.
   */
  @Test
  void aResumeNoticesChangedExternalWeights() throws Exception {
    byte[] file = withExternalWeight(forwardModel(28, 10, false), work, "net.onnx.data");
    Files.write(work.resolve("net.onnx"), file);
    byte[] weights = Files.readAllBytes(work.resolve("net.onnx.data"));
    String[] train = {"train", "--defense", "one-hot", "--model", "net.onnx", "--dataset",
        "fashion-mnist", "--epochs", "3", "-O", "dataset.subset=0.2", "-O", "backend.threads=1",
        "--out", "m"};
    CompletableFuture<Thread> trainer = new CompletableFuture<>();
    CompletableFuture<CliResult> first = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      trainer.complete(Thread.currentThread());
      first.complete(run(train));
    });
    thread.start();
    Path checkpoint = work.resolve(".m.partial/epoch.ckpt");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(checkpoint) && !first.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    trainer.get().interrupt();
    CliResult stopped = first.get(120, TimeUnit.SECONDS);
    assertEquals(130, stopped.code(), stopped::toString);

    byte[] changed = weights.clone();
    changed[0] ^= 1;
    Files.write(work.resolve("net.onnx.data"), changed);
    String[] resume = Stream.concat(Arrays.stream(train), Stream.of("--resume"))
        .toArray(String[]::new);
    CliResult refused = run(resume);
    assertEquals(2, refused.code(), refused::toString);
    assertTrue(refused.err().contains("--architecture"), refused::toString);

    Files.write(work.resolve("net.onnx.data"), weights);
    CliResult resumed = run(resume);
    assertEquals(0, resumed.code(), resumed::toString);
    assertTrue(Files.exists(work.resolve("m").resolve("graph.onnx")));
  }

  @Test
  void filesThatDoNotFitAreClearErrorsAndWriteNothing() throws IOException {
    Files.write(work.resolve("small.onnx"), forwardModel(16, 16, false));
    CliResult shape = run("train", "--defense", "random-target", "--model", "small.onnx",
        "--dataset", "fashion-mnist", "--epochs", "1", "-O", "code-length=16", "--out", "m");
    assertEquals(1, shape.code(), shape::toString);
    assertTrue(shape.err().contains("small.onnx"), shape::toString);
    assertTrue(shape.err().contains("images of 1x16x16"), shape::toString);
    assertTrue(shape.err().contains("the data are 1x28x28"), shape::toString);

    Files.write(work.resolve("ten.onnx"), forwardModel(28, 10, false));
    CliResult width = run("train", "--defense", "random-binary-ensemble", "--model", "ten.onnx",
        "--dataset", "fashion-mnist", "--epochs", "1", "-O", "members=2", "-O",
        "code-length=16", "--out", "m");
    assertEquals(1, width.code(), width::toString);
    assertTrue(width.err().contains("outputs 10 values per sample, 2 member(s) x 16 outputs = 32"),
        width::toString);

    Files.writeString(work.resolve("corrupt.onnx"), "this is not a protobuf message");
    CliResult corrupt = run("train", "--defense", "one-hot", "--model", "corrupt.onnx",
        "--dataset", "fashion-mnist", "--epochs", "1", "--out", "m");
    assertEquals(1, corrupt.code(), corrupt::toString);
    assertTrue(corrupt.err().contains("corrupt.onnx"), corrupt::toString);
    assertTrue(corrupt.err().contains("not an ONNX model"), corrupt::toString);

    Files.write(work.resolve("sin.onnx"), forwardModel(28, 10, true));
    CliResult unsupported = run("train", "--defense", "one-hot", "--model", "sin.onnx",
        "--dataset", "fashion-mnist", "--epochs", "1", "--out", "m");
    assertEquals(1, unsupported.code(), unsupported::toString);
    assertTrue(unsupported.err().contains("unsupported operators (with their nodes): {Sin="),
        unsupported::toString);

    Files.write(work.resolve("plain.onnx"), forwardModel(28, 10, false));
    CliResult block = run("train", "--defense", "coded-smoothing", "--model", "plain.onnx",
        "--dataset", "fashion-mnist", "--epochs", "1", "--batch-size", "16",
        "-O", "dataset.subset=0.01", "-O", "group=4", "-O", "coded=8", "-O", "block=head",
        "--out", "m");
    assertEquals(1, block.code(), block::toString);
    assertTrue(block.err().contains("the imported model 'plain.onnx' declares no blocks"),
        block::toString);
    assertTrue(block.err().contains("only the zoo's architectures declare blocks"),
        block::toString);

    CliResult missing = run("train", "--defense", "one-hot", "--model", "absent.onnx",
        "--dataset", "fashion-mnist", "--out", "m");
    assertEquals(1, missing.code(), missing::toString);
    assertTrue(missing.err().contains("absent.onnx does not exist"), missing::toString);
    assertFalse(Files.exists(work.resolve("m")), "no model directory after a failure");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
