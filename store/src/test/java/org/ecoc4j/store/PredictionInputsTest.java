package org.ecoc4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.Rejection;
import org.ecoc4j.datasets.idx.IdxArray;
import org.ecoc4j.datasets.idx.IdxWriter;
import org.ecoc4j.evaluation.ImageTransform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inputs of {@code predict} without a model: CIFAR-10 and IDX files read and converted by
 * named transforms only, the errors that name the file, and the CSV written atomically.
 */
class PredictionInputsTest {

  private static final ImageShape MNIST = new ImageShape(1, 28, 28);

  @TempDir Path dir;

  @Test
  void cifarRecordsNeedTransformsToReachAGreyModelAndKeepTheirPixels() throws IOException {
    int records = 3;
    byte[] bytes = new byte[records * 3073];
    new SplittableRandom(7).nextBytes(bytes);
    for (int r = 0; r < records; r++) {
      bytes[r * 3073] = (byte) r;
    }
    Path file = Files.write(dir.resolve("batch.bin"), bytes);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PredictionInputs.open(file, MNIST, List.of()));
    assertTrue(e.getMessage().contains("batch.bin") && e.getMessage().contains("3x32x32")
        && e.getMessage().contains("1x28x28"), e.getMessage());

    PredictionInputs same = PredictionInputs.open(file, new ImageShape(3, 32, 32), List.of());
    float[] image = new float[3 * 32 * 32];
    same.copy(2, image, 0);
    assertEquals("batch.bin#2", same.name(2));
    assertEquals((bytes[2 * 3073 + 1 + 5] & 0xff) / 255f, image[5]);

    PredictionInputs grey = PredictionInputs.open(file, MNIST,
        List.of(ImageTransform.GRAYSCALE, ImageTransform.RESIZE));
    assertEquals(records, grey.size());
    float[] converted = new float[2 * MNIST.size()];
    grey.copy(1, converted, MNIST.size());
    for (int p = 0; p < MNIST.size(); p++) {
      assertTrue(converted[MNIST.size() + p] >= 0 && converted[MNIST.size() + p] <= 1);
    }
  }

  @Test
  void idxImagesAreReadAndALabelsFileIsRefusedNamingIt() throws IOException {
    byte[] pixels = new byte[2 * 28 * 28];
    pixels[28 * 28 + 3] = (byte) 255;
    Path images = dir.resolve("images-idx3-ubyte");
    IdxWriter.write(images, new IdxArray(new int[] {2, 28, 28}, pixels));
    PredictionInputs inputs = PredictionInputs.open(images, MNIST, List.of());
    float[] image = new float[MNIST.size()];
    inputs.copy(1, image, 0);
    assertEquals(1f, image[3]);
    assertEquals(0f, image[4]);

    Path labels = dir.resolve("labels-idx1-ubyte");
    IdxWriter.write(labels, new IdxArray(new int[] {2}, new byte[] {1, 2}));
    InputFileException e = assertThrows(InputFileException.class,
        () -> PredictionInputs.open(labels, MNIST, List.of()));
    assertTrue(e.getMessage().contains("labels-idx1-ubyte"), e.getMessage());
  }

  @Test
  void aFolderWithoutPicturesAMissingPathAndABrokenPictureAreNamed() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve("notes.txt"), "no pictures");
    InputFileException e = assertThrows(InputFileException.class,
        () -> PredictionInputs.open(empty, MNIST, List.of()));
    assertTrue(e.getMessage().contains("holds no PNG or JPEG"), e.getMessage());

    e = assertThrows(InputFileException.class,
        () -> PredictionInputs.open(dir.resolve("absent"), MNIST, List.of()));
    assertTrue(e.getMessage().contains("absent"), e.getMessage());

    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(broken.resolve("a.png"), "not a png");
    PredictionInputs inputs = PredictionInputs.open(broken, MNIST, List.of());
    e = assertThrows(InputFileException.class,
        () -> inputs.copy(0, new float[MNIST.size()], 0));
    assertTrue(e.getMessage().contains("a.png"), e.getMessage());
  }

  @Test
  void theCsvIsWrittenWholeAndReplacesAnOldOne() throws IOException {
    Path file = dir.resolve("out/predictions.csv");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "old");
    Predictions.write(file, List.of(
        new Prediction("a.png", new Classification(3, "3", 0.75f, Rejection.NONE)),
        new Prediction("b, c.png", new Classification(Decisions.REJECTED, null, 0.25f,
            Rejection.NONZERO_SYNDROME))));
    assertEquals(List.of("file,class,class name,confidence,rejected,reason",
        "a.png,3,3,0.750000,false,", "\"b, c.png\",,,0.250000,true,nonzero-syndrome"),
        Files.readAllLines(file));
    try (var listed = Files.list(file.getParent())) {
      assertEquals(1, listed.count(), "no temporary file beside it");
    }
  }
}
