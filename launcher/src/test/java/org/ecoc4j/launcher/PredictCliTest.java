package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.datasets.MnistProvider;
import org.ecoc4j.datasets.idx.IdxArray;
import org.ecoc4j.datasets.idx.IdxWriter;
import org.ecoc4j.datasets.png.PngImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ecoc4j predict} on a model trained here (LeNet, one epoch, bundled MNIST sample, a CRC
 * code decoded by zadeh, which rejects): PNG pictures through a named transform, the same images
 * as an IDX file, and the refusals (a picture of another shape without a transform, an altered
 * model file) that write nothing.
 */
class PredictCliTest {

  private static final int IMAGES = 12;

  @TempDir static Path work;

  private static CliResult run(String... args) {
    return Cli.in(work).run(args);
  }

  @BeforeAll
  static void trainAndWriteImages() throws IOException {
    CliResult train =
        run("train", "--defense", "random-target", "--model", "lenet", "--dataset", "mnist",
            "--epochs", "1", "-O", "code=crc", "-O", "decoder=zadeh", "--out", "model");
    assertEquals(0, train.code(), train::toString);
    Split test = new MnistProvider().open(Map.of()).test();
    byte[] pixels = new byte[IMAGES * 28 * 28];
    float[] image = new float[28 * 28];
    for (int i = 0; i < IMAGES; i++) {
      PngImages.write(test, i, 1, work.resolve("pictures").resolve(String.format("%02d.png", i)));
      test.copyImage(i, image, 0);
      for (int p = 0; p < image.length; p++) {
        pixels[i * image.length + p] = (byte) Math.round(image[p] * 255);
      }
    }
    IdxWriter.write(work.resolve("images-idx3-ubyte"),
        new IdxArray(new int[] {IMAGES, 28, 28}, pixels));
  }

  @Test
  void picturesThroughGrayscaleAndTheSameImagesAsIdxGetTheSameDecisions() throws IOException {
    CliResult pictures = run("predict", "--model", "model", "--images", "pictures",
        "--transform", "grayscale", "--out", "pictures.csv");
    assertEquals(0, pictures.code(), pictures::toString);
    assertTrue(pictures.err().contains(IMAGES + "/" + IMAGES + " images"), pictures::toString);
    assertTrue(pictures.out().contains("predictions: pictures.csv"), pictures::toString);
    List<String> rows = Files.readAllLines(work.resolve("pictures.csv"));
    assertEquals("file,class,class name,confidence,rejected,reason", rows.get(0));
    assertEquals(1 + IMAGES, rows.size(), rows::toString);

    CliResult idx = run("predict", "--model", "model", "--images", "images-idx3-ubyte",
        "--out", "out/idx.csv");
    assertEquals(0, idx.code(), idx::toString);
    List<String> idxRows = Files.readAllLines(work.resolve("out/idx.csv"));
    assertEquals(1 + IMAGES, idxRows.size(), idxRows::toString);
    for (int i = 0; i < IMAGES; i++) {
      String[] png = rows.get(1 + i).split(",", -1);
      String[] raw = idxRows.get(1 + i).split(",", -1);
      assertEquals(String.format("%02d.png", i), png[0]);
      assertEquals("images-idx3-ubyte#" + i, raw[0]);
      assertEquals(List.of(png).subList(1, 6).toString(), List.of(raw).subList(1, 6).toString(),
          "image " + i);
      boolean rejected = Boolean.parseBoolean(png[4]);
      assertEquals(rejected, png[1].isEmpty(), rows.get(1 + i));
      assertEquals(rejected, !png[5].isEmpty(), rows.get(1 + i));
      double confidence = Double.parseDouble(png[3]);
      assertTrue(confidence >= 0 && confidence <= 1, rows.get(1 + i));
      if (!rejected) {
        assertEquals(MnistProvider.CLASS_NAMES.get(Integer.parseInt(png[1])), png[2]);
      }
    }
  }

  @Test
  void aPictureOfAnotherShapeWithoutTransformIsRefusedNamingItsFile() {
    CliResult refused = run("predict", "--model", "model", "--images", "pictures",
        "--out", "refused.csv");
    assertEquals(1, refused.code(), refused::toString);
    assertTrue(refused.err().contains("00.png") && refused.err().contains("3x28x28")
        && refused.err().contains("1x28x28"), refused::toString);
    assertFalse(Files.exists(work.resolve("refused.csv")));
  }

  @Test
  void anAlteredModelFileIsNamedAndNothingIsWritten() throws IOException {
    Path copy = Files.createDirectories(work.resolve("altered"));
    try (var files = Files.list(work.resolve("model"))) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    Path checkpoint = copy.resolve("checkpoint.ckpt");
    byte[] bytes = Files.readAllBytes(checkpoint);
    bytes[bytes.length / 3] ^= 4;
    Files.write(checkpoint, bytes);
    CliResult refused = run("predict", "--model", "altered", "--images", "images-idx3-ubyte",
        "--out", "altered.csv");
    assertEquals(1, refused.code(), refused::toString);
    assertTrue(refused.err().contains("checkpoint.ckpt"), refused::toString);
    assertFalse(Files.exists(work.resolve("altered.csv")));
  }

  @Test
  void anUnknownTransformIsAUsageError() {
    CliResult refused = run("predict", "--model", "model", "--images", "pictures",
        "--transform", "sharpen", "--out", "x.csv");
    assertEquals(2, refused.code(), refused::toString);
    assertTrue(refused.err().contains("sharpen"), refused::toString);
  }
}
