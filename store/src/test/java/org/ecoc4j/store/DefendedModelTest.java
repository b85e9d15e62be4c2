package org.ecoc4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.datasets.png.PngImages;
import org.ecoc4j.evaluation.ImageTransform;
import org.ecoc4j.experiments.DefenseTrainer;
import org.ecoc4j.experiments.PluginLookup;
import org.ecoc4j.experiments.TrainedDefense;
import org.ecoc4j.experiments.TrainingRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Trains the error-detecting defense (LeNet, one epoch, bundled MNIST sample), saves it with
 * {@link DefenseModelFiles} and embeds it with {@link DefendedModel}: the loaded model decides as
 * the trained one did, concurrently as sequentially, refuses altered and missing files and
 * pictures of another shape without a transform.
 */
class DefendedModelTest {

  private static final int IMAGES = 300;

  @TempDir static Path root;
  private static Path model;
  private static Split test;
  private static float[] images;
  private static Decisions expected;
  private static DefendedModel embedded;

  @BeforeAll
  static void trainAndSave() {
    PluginLookup plugins = PluginLookup.builtIn();
    TrainingRequest request = new TrainingRequest("error-detecting", Map.of(), "lenet", "ort",
        Map.of("threads", "2", "progress", "false"), TrainingConfig.adamW(1, 64, 1), 1);
    model = root.resolve("model");
    try (TrainedDefense trained = new DefenseTrainer(plugins)
        .train(request, plugins.find(DatasetProvider.class, "mnist").open(Map.of()))) {
      test = trained.dataset().test();
      images = new float[IMAGES * test.shape().size()];
      for (int i = 0; i < IMAGES; i++) {
        test.copyImage(i, images, i * test.shape().size());
      }
      expected = Decisions.withCapacity(IMAGES);
      trained.decoder().decode(trained.network().scores(images, IMAGES), 0, IMAGES, expected);
      DefenseModelFiles.write(model, trained, plugins);
    }
    embedded = DefendedModel.open(model);
  }

  @AfterAll
  static void close() {
    if (embedded != null) {
      embedded.close();
    }
  }

  @Test
  void decidesAsTheTrainedDefense() {
    List<Classification> decided = embedded.classify(images, IMAGES);
    assertEquals(IMAGES, decided.size());
    int rejected = 0;
    for (int i = 0; i < IMAGES; i++) {
      Classification c = decided.get(i);
      assertEquals(expected.label(i), c.label(), "image " + i);
      assertEquals(expected.rejection(i), c.reason(), "image " + i);
      assertEquals(expected.confidence(i), c.confidence(), 1e-5, "image " + i);
      if (c.rejected()) {
        rejected++;
      } else {
        assertEquals(embedded.classNames().get(c.label()), c.className());
      }
    }
    assertTrue(rejected < IMAGES, "every image rejected");
    assertEquals(new ImageShape(1, 28, 28), embedded.inputShape());
    assertEquals(10, embedded.classNames().size());
  }

  @Test
  void concurrentCallersGetTheSequentialResults() throws Exception {
    int width = embedded.inputShape().size();
    int slices = 6;
    int per = IMAGES / slices;
    List<List<Classification>> sequential = new ArrayList<>();
    List<float[]> parts = new ArrayList<>();
    for (int s = 0; s < slices; s++) {
      float[] part = new float[per * width];
      System.arraycopy(images, s * per * width, part, 0, part.length);
      parts.add(part);
      sequential.add(embedded.classify(part, per));
    }
    ExecutorService pool = Executors.newFixedThreadPool(slices);
    try {
      for (int round = 0; round < 3; round++) {
        List<Future<List<Classification>>> futures = new ArrayList<>();
        for (int s = 0; s < slices; s++) {
          float[] part = parts.get(s);
          futures.add(pool.submit(() -> embedded.classify(part, per)));
        }
        for (int s = 0; s < slices; s++) {
          assertEquals(sequential.get(s), futures.get(s).get(), "slice " + s);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void picturesOfAnotherShapeNeedANamedTransform() {
    BufferedImage large = new BufferedImage(56, 56, BufferedImage.TYPE_BYTE_GRAY);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> embedded.classify(List.of(large), List.of()));
    assertTrue(e.getMessage().contains("picture 0") && e.getMessage().contains("1x56x56")
        && e.getMessage().contains("1x28x28"), e.getMessage());
    assertEquals(1, embedded.classify(List.of(large), List.of(ImageTransform.RESIZE)).size());
  }

  @Test
  void colourPicturesOfTheTestImagesDecideAsTheirFloatsThroughGrayscale(@TempDir Path pngs)
      throws IOException {
    int count = 20;
    List<BufferedImage> pictures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path file = pngs.resolve(i + ".png");
      PngImages.write(test, i, 1, file);
      pictures.add(javax.imageio.ImageIO.read(file.toFile()));
    }
    assertThrows(IllegalArgumentException.class, () -> embedded.classify(pictures, List.of()));
    List<Classification> decided = embedded.classify(pictures, List.of(ImageTransform.GRAYSCALE));
    for (int i = 0; i < count; i++) {
      assertEquals(expected.label(i), decided.get(i).label(), "picture " + i);
      assertEquals(expected.confidence(i), decided.get(i).confidence(), 1e-3, "picture " + i);
    }
  }

  @Test
  void floatsOfAnotherLengthAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> embedded.classify(new float[3 * 784 + 1], 3));
    assertTrue(e.getMessage().contains("1x28x28"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {ModelDirectory.CHECKPOINT, ModelDirectory.CODEBOOKS,
      ModelDirectory.DESCRIPTION})
  void anAlteredOrMissingFileIsNamed(String name, @TempDir Path copies) throws IOException {
    Path altered = copy(model, copies.resolve("altered"));
    byte[] bytes = Files.readAllBytes(altered.resolve(name));
    bytes[bytes.length / 2] ^= 1;
    Files.write(altered.resolve(name), bytes);
    InputFileException e = assertThrows(InputFileException.class,
        () -> DefendedModel.open(altered));
    assertTrue(e.getMessage().contains(name), e.getMessage());
    Path missing = copy(model, copies.resolve("missing"));
    Files.delete(missing.resolve(name));
    e = assertThrows(InputFileException.class, () -> DefendedModel.open(missing));
    assertTrue(e.getMessage().contains(name), e.getMessage());
  }

  @Test
  void aModelWithoutManifestIsRefused(@TempDir Path copies) throws IOException {
    Path old = copy(model, copies.resolve("old"));
    Files.delete(old.resolve(ModelManifest.FILE));
    InputFileException e = assertThrows(InputFileException.class, () -> DefendedModel.open(old));
    assertTrue(e.getMessage().contains(ModelManifest.FILE), e.getMessage());
  }

  @Test
  void aClosedModelRefusesWork() {
    DefendedModel other = DefendedModel.open(model);
    other.close();
    float[] one = new float[other.inputShape().size()];
    assertThrows(IllegalStateException.class, () -> other.classify(one, 1));
  }

  @Test
  void theEmbeddingExampleBuildsOnTheModulesAndPrintsTheDecisions(@TempDir Path dir)
      throws IOException, InterruptedException {
    int count = 5;
    List<String> args = new ArrayList<>();
    List<BufferedImage> pictures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Path file = dir.resolve("picture-" + i + ".png");
      PngImages.write(test, i, 1, file);
      args.add(file.toString());
      pictures.add(javax.imageio.ImageIO.read(file.toFile()));
    }
    List<Classification> decided = embedded.classify(pictures, List.of(ImageTransform.GRAYSCALE));
    String modules = System.getProperty("jdk.module.path");
    assertTrue(modules != null && !modules.isBlank(), "the tests run on the module path");
    Path classes = dir.resolve("classes");
    List<String> javac = new ArrayList<>(List.of(tool("javac"), "-d", classes.toString(),
        "--release", "17", "--module-path", modules));
    try (Stream<Path> sources = Files.walk(EXAMPLE.resolve("src/main/java"))) {
      sources.filter(f -> f.toString().endsWith(".java")).forEach(f -> javac.add(f.toString()));
    }
    assertEquals(0, exec(javac, dir.resolve("javac.txt")),
        () -> read(dir.resolve("javac.txt")));
    List<String> run = new ArrayList<>(List.of(tool("java"), "--module-path",
        modules + File.pathSeparator + classes, "--add-modules", "ALL-MODULE-PATH",
        "--class-path", System.getProperty("java.class.path"), "-m",
        "org.ecoc4j.examples.embedding/org.ecoc4j.examples.embedding.ClassifyPictures",
        model.toString(), "--grayscale"));
    run.addAll(args);
    Path output = dir.resolve("out.txt");
    assertEquals(0, exec(run, output), () -> read(output));
    List<String> lines = Files.readAllLines(output).stream()
        .filter(l -> l.startsWith("picture-")).toList();
    assertEquals(count, lines.size(), () -> read(output));
    for (int i = 0; i < count; i++) {
      Classification c = decided.get(i);
      String expected = "picture-" + i + ".png: "
          + (c.rejected() ? "rejected (" + c.reasonLabel() + ")" : c.className())
          + String.format(Locale.ROOT, " %.4f", c.confidence());
      assertEquals(expected, lines.get(i));
    }
  }

  /** The example project, from the store module's folder where surefire runs. */
  private static final Path EXAMPLE =
      Path.of("").toAbsolutePath().resolveSibling("examples").resolve("embedding");

  private static String tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  private static int exec(List<String> command, Path output)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    return process.waitFor();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
    return to;
  }
}
