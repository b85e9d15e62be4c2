package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.decoding.Rejection;
import org.ecoc4j.backends.onnx.export.DefendedModelExport;
import org.ecoc4j.experiments.ModelLoader;
import org.ecoc4j.experiments.PluginLookup;
import org.ecoc4j.experiments.TrainedDefense;
import org.ecoc4j.store.DefenseModelFiles;
import org.ecoc4j.store.ModelDirectory;
import org.ecoc4j.store.SavedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance of {@code ecoc4j export}: models trained here on the bundled Fashion-MNIST
 * sample (lenet, one epoch) are exported as one ONNX file each, which Microsoft's inference-only
 * ONNX Runtime ({@code com.microsoft.onnxruntime:onnxruntime}) runs in a child JVM on the whole
 * bundled test set ({@code src/test/ort-inference/RunExported.java}; that jar shares the package
 * {@code ai.onnxruntime} with the training build this module's tests train on, so the two never
 * meet in one JVM). For every image the file's class and rejection equal the Java decoder's on
 * the backend's outputs and on the file's own member outputs, its confidence and scores equal the
 * Java decoder's confidence and posteriors (to 1e-6), and its member outputs the backend's (to
 * 1e-4). Covered: {@code one-hot} (euclidean on logits), {@code random-binary-ensemble} (3
 * members; euclidean with MAP as deployed, and exported by the library with vote, {@code
 * correlation-softmax}, {@code bit-threshold} with {@code max-errors}, zadeh over the class words
 * with the linear normalization) and {@code error-detecting} (zadeh over the full space of CRC7:
 * syndrome, unassigned-word and threshold rejections, with the threshold on the codeword and on
 * the syndrome), and {@code acl-pf} (a learned real-valued code table, {@code cosine-softmax} at
 * T = 1 as deployed and at T = 0.1). A third-party decoder (the example plugin's {@code
 * example-hamming}), a randomized defense
 * (coded-smoothing with randomized coded inference) and a tampered model directory are errors
 * naming the problem, with nothing written.
 */
class ExportCliTest {

  private static final int BATCH = 100;

  @TempDir Path work;

  private CliResult run(String... args) {
    return Cli.in(work).run(args);
  }

  private void train(String defense, int epochs, String out, String... options) {
    List<String> args = new ArrayList<>(List.of("train", "--defense", defense, "--architecture",
        "lenet", "--dataset", "fashion-mnist", "--epochs", Integer.toString(epochs), "--out",
        out));
    for (String option : options) {
      args.add("-O");
      args.add(option);
    }
    CliResult train = run(args.toArray(String[]::new));
    assertEquals(0, train.code(), train::toString);
  }

  private void export(String model, String out) {
    CliResult export = run("export", "--model", model, "--out", out);
    assertEquals(0, export.code(), export::toString);
    assertTrue(export.out().contains("exported " + model), export::toString);
  }

  @Test
  void errorDetectingModelRejectsInOnnxRuntimeAsTheJavaDecoder() throws Exception {
    train("error-detecting", 3, "crc7", "threshold=0.6");
    export("crc7", "crc7.onnx");
    List<Variant> variants = List.of(
        new Variant("zadeh", Map.of()),
        new Variant("zadeh", Map.of("threshold-on", "syndrome", "threshold", "0.55")),
        new Variant("zadeh", Map.of("normalization", "linear", "combine", "vote")));
    Map<Path, Set<Rejection>> reasons =
        compare(work.resolve("crc7"), work.resolve("crc7.onnx"), variants);
    Set<Rejection> all = EnumSet.noneOf(Rejection.class);
    reasons.values().forEach(all::addAll);
    assertTrue(all.containsAll(EnumSet.of(Rejection.NONZERO_SYNDROME, Rejection.BELOW_THRESHOLD)),
        reasons::toString);
  }

  @Test
  void ensembleAndOneHotModelsDecideInOnnxRuntimeAsTheJavaDecoders() throws Exception {
    train("random-binary-ensemble", 1, "rbe");
    export("rbe", "rbe.onnx");
    List<Variant> variants = List.of(
        new Variant("euclidean", Map.of("combine", "vote")),
        new Variant("correlation-softmax", Map.of("temperature", "4")),
        new Variant("bit-threshold", Map.of("max-errors", "12", "combine", "vote")),
        new Variant("zadeh", Map.of("space", "classes", "normalization", "linear",
            "threshold", "0.3")),
        new Variant("zadeh", Map.of("normalization", "vector")),
        new Variant("zadeh", Map.of("combine", "vote")));
    Map<Path, Set<Rejection>> reasons =
        compare(work.resolve("rbe"), work.resolve("rbe.onnx"), variants);
    assertTrue(reasons.values().stream().anyMatch(r -> r.contains(Rejection.TOO_MANY_ERRORS)
        || r.contains(Rejection.ALL_MEMBERS_REJECTED)), reasons::toString);

    train("one-hot", 1, "plain");
    export("plain", "plain.onnx");
    Map<Path, Set<Rejection>> single = compare(work.resolve("plain"), work.resolve("plain.onnx"),
        List.of(new Variant("zadeh", Map.of("normalization", "linear")),
            new Variant("bit-threshold", Map.of("max-errors", "1"))));
    Set<Rejection> seen = EnumSet.noneOf(Rejection.class);
    single.values().forEach(seen::addAll);
    assertTrue(seen.containsAll(EnumSet.of(Rejection.UNASSIGNED_WORD, Rejection.TOO_MANY_ERRORS)),
        single::toString);
  }

  @Test
  void learnedCodeTableModelDecidesInOnnxRuntimeAsTheJavaDecoder() throws Exception {
    train("acl-pf", 1, "acl", "code-length=16", "dataset.subset=0.25");
    export("acl", "acl.onnx");
    compare(work.resolve("acl"), work.resolve("acl.onnx"),
        List.of(new Variant("cosine-softmax", Map.of("temperature", "0.1"))));
  }

  @Test
  void refusedDecoderAndTamperedDirectoryWriteNothing() throws IOException {
    Files.writeString(work.resolve("notes.onnx"), "keep me");
    CliResult existing = run("export", "--model", "none", "--out", "notes.onnx");
    assertEquals(2, existing.code(), existing::toString);
    assertTrue(existing.err().contains("--out notes.onnx already exists"), existing::toString);
    assertEquals("keep me", Files.readString(work.resolve("notes.onnx")));
    CliResult folder = run("export", "--model", "none", "--out", "missing/whole.onnx");
    assertEquals(2, folder.code(), folder::toString);
    assertTrue(folder.err().contains("its folder does not exist"), folder::toString);
    Path plugins = Files.createDirectories(work.resolve("jars"));
    PluginJars.example(plugins);
    CliResult trained = run("--plugins", "./jars", "train", "--defense", "random-target",
        "--architecture", "lenet", "--dataset", "fashion-mnist", "--epochs", "1",
        "-O", "decoder=example-hamming", "--out", "target");
    assertEquals(0, trained.code(), trained::toString);
    CliResult refused =
        run("--plugins", "./jars", "export", "--model", "target", "--out", "target.onnx");
    assertEquals(1, refused.code(), refused::toString);
    assertTrue(refused.err().contains("'example-hamming' cannot be exported"), refused::toString);
    assertFalse(Files.exists(work.resolve("target.onnx")));
    SavedModel saved = ModelDirectory.read(work.resolve("target"));

    train("coded-smoothing", 1, "rci", "inference=rci");
    CliResult randomized = run("export", "--model", "rci", "--out", "rci.onnx");
    assertEquals(1, randomized.code(), randomized::toString);
    assertTrue(randomized.err().contains("'coded-smoothing' deploys a randomized network"),
        randomized::toString);
    assertFalse(Files.exists(work.resolve("rci.onnx")));

    byte[] onnx = Files.readAllBytes(saved.inference());
    onnx[onnx.length / 2] ^= 1;
    Files.write(saved.inference(), onnx);
    CliResult tampered = run("export", "--model", "target", "--out", "tampered.onnx");
    assertEquals(1, tampered.code(), tampered::toString);
    assertTrue(tampered.err().contains("model.onnx"), tampered::toString);
    assertFalse(Files.exists(work.resolve("tampered.onnx")));
    try (Stream<Path> files = Files.list(work)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
    }
  }

  /**
   * Runs the exported file of {@code model} and, for each variant, a file the library exports
   * with that decoder and options, on ONNX Runtime and checks them against the Java
   * decoders; returns the Java rejection reasons seen per file.
   */
  private Map<Path, Set<Rejection>> compare(
      Path model, Path exported, List<Variant> variants) throws Exception {
    SavedModel saved = ModelDirectory.read(model);
    PluginLookup plugins = PluginLookup.builtIn();
    List<CodeTable> tables = DefenseModelFiles.codeTables(saved);
    try (TrainedDefense loaded = new ModelLoader(plugins).load(
        DefenseModelFiles.request(saved), saved.description().dataset().name(), Map.of(),
        saved.codebooks(), tables, saved.checkpoint())) {
      Split test = loaded.dataset().test();
      int n = test.size();
      int size = test.shape().size();
      float[] images = new float[n * size];
      for (int i = 0; i < n; i++) {
        test.copyImage(i, images, i * size);
      }
      int width = saved.description().spec().members() * saved.description().spec().outputs();
      float[] outputs = new float[n * width];
      for (int start = 0; start < n; start += BATCH) {
        int count = Math.min(BATCH, n - start);
        float[] batch = new float[count * size];
        System.arraycopy(images, start * size, batch, 0, batch.length);
        System.arraycopy(loaded.network().scores(batch, count), 0, outputs, start * width,
            count * width);
      }
      Map<Path, PreparedDecoder> decoders = new LinkedHashMap<>();
      decoders.put(exported, loaded.decoder());
      byte[] members = Files.readAllBytes(saved.inference());
      for (int i = 0; i < variants.size(); i++) {
        Variant v = variants.get(i);
        Decoder decoder = plugins.find(Decoder.class, v.decoder());
        Path file = work.resolve(model.getFileName() + "-" + i + "-" + v.decoder() + ".onnx");
        if (tables.isEmpty()) {
          DefendedModelExport.write(file, members, decoder, v.options(), saved.codebooks());
          decoders.put(file, decoder.prepare(saved.codebooks(), v.options()));
        } else {
          DefendedModelExport.writeWithCodeTables(file, members, decoder, v.options(), tables);
          decoders.put(file, decoder.prepareTables(tables, v.options()));
        }
      }
      Path imageFile = work.resolve(model.getFileName() + "-images.bin");
      try (DataOutputStream out = new DataOutputStream(
          new BufferedOutputStream(Files.newOutputStream(imageFile)))) {
        for (float v : images) {
          out.writeFloat(v);
        }
      }
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          // ONNX Runtime unpacks its native libraries there and leaves the folder
          "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("ort-tmp")),
          "-cp", System.getProperty("ecoc4j.test.onnxruntime"),
          System.getProperty("ecoc4j.test.runner"), imageFile.toString(), Integer.toString(n),
          Integer.toString(test.shape().channels()), Integer.toString(test.shape().height()),
          Integer.toString(test.shape().width())));
      for (Path file : decoders.keySet()) {
        command.add(file.toString());
        command.add(file + ".out");
      }
      Process child = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(work.resolve("runner.log").toFile()).start();
      assertTrue(child.waitFor(10, TimeUnit.MINUTES), "ONNX Runtime runner timed out");
      assertEquals(0, child.exitValue(), () -> read(work.resolve("runner.log")));
      Map<Path, Set<Rejection>> reasons = new LinkedHashMap<>();
      for (Map.Entry<Path, PreparedDecoder> e : decoders.entrySet()) {
        reasons.put(e.getKey(), check(e.getKey(), e.getValue(), outputs, n, width));
      }
      return reasons;
    }
  }

  private static Set<Rejection> check(Path file, PreparedDecoder decoder, float[] backend, int n,
      int width) throws IOException {
    int classes = decoder.classes();
    long[] decided = new long[n];
    boolean[] rejected = new boolean[n];
    float[] confidence = new float[n];
    float[] scores = new float[n * classes];
    float[] members = new float[n * width];
    try (DataInputStream in = new DataInputStream(
        new BufferedInputStream(Files.newInputStream(Path.of(file + ".out"))))) {
      assertEquals(classes, in.readInt(), file::toString);
      assertEquals(width, in.readInt(), file::toString);
      for (int i = 0; i < n; i++) {
        decided[i] = in.readLong();
        rejected[i] = in.readByte() == 1;
        confidence[i] = in.readFloat();
        for (int c = 0; c < classes; c++) {
          scores[i * classes + c] = in.readFloat();
        }
        for (int j = 0; j < width; j++) {
          members[i * width + j] = in.readFloat();
        }
      }
    }
    for (int i = 0; i < n * width; i++) {
      float expected = backend[i];
      assertEquals(expected, members[i], 1e-4f * (1 + Math.abs(expected)),
          file + ": member output " + i);
    }
    Decisions onBackend = Decisions.withCapacity(n);
    decoder.decode(backend, 0, n, onBackend);
    Decisions onFile = Decisions.withCapacity(n);
    decoder.decode(members, 0, n, onFile);
    float[] posteriors = new float[n * classes];
    decoder.posteriors(members, 0, n, posteriors);
    Set<Rejection> reasons = EnumSet.noneOf(Rejection.class);
    int rejections = 0;
    for (int i = 0; i < n; i++) {
      String where = file.getFileName() + ", image " + i;
      assertEquals(onFile.label(i), decided[i], where);
      assertEquals(onFile.rejected(i), rejected[i], where);
      assertEquals(onBackend.label(i), decided[i], where + " (backend's outputs)");
      assertEquals(onBackend.rejected(i), rejected[i], where + " (backend's outputs)");
      assertEquals(onFile.confidence(i), confidence[i], 1e-6f, where + ": confidence");
      for (int c = 0; c < classes; c++) {
        assertEquals(posteriors[i * classes + c], scores[i * classes + c], 1e-6f,
            where + ": score of class " + c);
      }
      if (rejected[i]) {
        rejections++;
        reasons.add(onFile.rejection(i));
      }
    }
    System.out.println(file.getFileName() + ": " + n + " images, " + rejections + " rejected "
        + reasons);
    return reasons;
  }

  /** A decoder and its options, exported by the library beside the deployed one. */
  private record Variant(String decoder, Map<String, String> options) {}

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
