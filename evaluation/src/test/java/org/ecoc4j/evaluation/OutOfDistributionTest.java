package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Out-of-distribution evaluation: shapes are converted only by named transforms (each checked
 * against its definition), a mismatch without one is refused naming both shapes, noise is
 * reproducible per seed and image, and the rejection rate of the linear test network follows in
 * closed form from its margins.
 */
class OutOfDistributionTest {

  static LongStream seeds() {
    return LongStream.range(1, 11);
  }

  private static Split random(ImageShape shape, int count, long seed) {
    Random random = new Random(seed);
    float[] images = new float[count * shape.size()];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat();
    }
    return Split.inMemory("other", shape, 2, images, new int[count]);
  }

  private static float[] image(Split split, int index) {
    float[] into = new float[split.shape().size()];
    split.copyImage(index, into, 0);
    return into;
  }

  @Test
  void anotherShapeWithoutATransformIsRefusedNamingBothShapes() {
    Split mnistLike = random(new ImageShape(1, 28, 28), 2, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OutOfDistribution.adapt(mnistLike, new ImageShape(3, 32, 32), List.of()));
    assertTrue(e.getMessage().contains("1x28x28") && e.getMessage().contains("3x32x32")
        && e.getMessage().contains("resize"), e.getMessage());
    IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
        () -> OutOfDistribution.adapt(mnistLike, new ImageShape(3, 32, 32),
            List.of(ImageTransform.REPLICATE)));
    assertTrue(half.getMessage().contains("3x28x28 after replicate"), half.getMessage());
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> OutOfDistribution.adapt(mnistLike, new ImageShape(1, 28, 28),
            List.of(ImageTransform.GRAYSCALE)));
    assertTrue(wrong.getMessage().contains("grayscale"), wrong.getMessage());
    IllegalArgumentException name =
        assertThrows(IllegalArgumentException.class, () -> ImageTransform.parse("shrink"));
    assertTrue(name.getMessage().contains("'shrink'"), name.getMessage());
    assertEquals(ImageTransform.RESIZE, ImageTransform.parse(" Resize"));
  }

  @Test
  void theSameShapeNeedsNoTransformAndIsNotCopied() {
    Split same = random(new ImageShape(1, 2, 2), 3, 2);
    assertTrue(same == OutOfDistribution.adapt(same, new ImageShape(1, 2, 2), List.of()));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void replicateCopiesTheChannelAndGrayscaleWeighsByLuma(long seed) {
    Split grey = random(new ImageShape(1, 3, 5), 4, seed);
    Split rgb = OutOfDistribution.adapt(grey, new ImageShape(3, 3, 5),
        List.of(ImageTransform.REPLICATE));
    for (int i = 0; i < 4; i++) {
      float[] source = image(grey, i);
      float[] copied = image(rgb, i);
      for (int c = 0; c < 3; c++) {
        assertArrayEquals(source, Arrays.copyOfRange(copied, c * 15, (c + 1) * 15));
      }
    }
    Split colour = random(new ImageShape(3, 4, 4), 4, seed);
    Split luma = OutOfDistribution.adapt(colour, new ImageShape(1, 4, 4),
        List.of(ImageTransform.GRAYSCALE));
    for (int i = 0; i < 4; i++) {
      float[] source = image(colour, i);
      float[] merged = image(luma, i);
      for (int p = 0; p < 16; p++) {
        assertEquals(0.299 * source[p] + 0.587 * source[16 + p] + 0.114 * source[32 + p],
            merged[p], 1e-6);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void resizingHalvesByBlockMeansAndKeepsConstantImages(long seed) {
    Split large = random(new ImageShape(2, 6, 8), 3, seed);
    Split small = OutOfDistribution.adapt(large, new ImageShape(2, 3, 4),
        List.of(ImageTransform.RESIZE));
    for (int i = 0; i < 3; i++) {
      float[] source = image(large, i);
      float[] halved = image(small, i);
      for (int c = 0; c < 2; c++) {
        for (int y = 0; y < 3; y++) {
          for (int x = 0; x < 4; x++) {
            double mean = 0;
            for (int dy = 0; dy < 2; dy++) {
              for (int dx = 0; dx < 2; dx++) {
                mean += source[(c * 6 + 2 * y + dy) * 8 + 2 * x + dx] / 4.0;
              }
            }
            assertEquals(mean, halved[(c * 3 + y) * 4 + x], 1e-6);
          }
        }
      }
    }
    float level = new Random(seed).nextFloat();
    float[] flat = new float[28 * 28];
    Arrays.fill(flat, level);
    Split constant = Split.inMemory("flat", new ImageShape(1, 28, 28), 2, flat, new int[1]);
    Split cifarLike = OutOfDistribution.adapt(constant, new ImageShape(3, 32, 32),
        List.of(ImageTransform.RESIZE, ImageTransform.REPLICATE));
    assertEquals(new ImageShape(3, 32, 32), cifarLike.shape());
    for (float v : image(cifarLike, 0)) {
      assertEquals(level, v, 1e-6);
    }
  }

  @Test
  void noiseIsUniformAndReproduciblePerSeedAndImage() {
    ImageShape shape = new ImageShape(1, 28, 28);
    Split noise = OutOfDistribution.noise(shape, 50, 9);
    float[] last = image(noise, 49);
    assertArrayEquals(last, image(OutOfDistribution.noise(shape, 50, 9), 49));
    assertArrayEquals(last, image(OutOfDistribution.noise(shape, 80, 9), 49));
    assertFalse(Arrays.equals(last, image(OutOfDistribution.noise(shape, 50, 10), 49)));
    double sum = 0;
    for (int i = 0; i < 50; i++) {
      for (float v : image(noise, i)) {
        assertTrue(v >= 0f && v <= 1f, "pixel " + v);
        sum += v;
      }
    }
    assertEquals(0.5, sum / (50.0 * shape.size()), 0.01, "mean of uniform pixels");
    assertThrows(IllegalArgumentException.class, () -> OutOfDistribution.noise(shape, 0, 1));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void theRejectionRateOfNoiseFollowsTheMargins(long seed) {
    Random random = new Random(seed);
    int count = 20 + random.nextInt(60);
    float tau = 0.05f + 0.4f * random.nextFloat();
    Split noise = OutOfDistribution.noise(LinearNetwork.SHAPE, count, seed);
    OodResult result = OutOfDistribution.measure(new LinearNetwork(false),
        new MarginDecoder(tau), "noise", noise, List.of(), count, 16, List.of(0.0, 0.75));
    long rejected = 0;
    for (int i = 0; i < count; i++) {
      rejected += Math.abs(LinearNetwork.margin(image(noise, i), 0, 0)) < tau ? 1 : 0;
    }
    Metrics m = result.metrics();
    assertEquals(rejected / (double) count, m.rejectionRate(), 1e-12, m.toString());
    assertEquals(0.0, m.accuracy(), "no class is right for out-of-distribution images");
    assertEquals(1 - m.rejectionRate(), m.undetectableError(), 1e-12);
    assertEquals(m.rejectionRate(), result.curve().points().get(0).metrics().rejectionRate());
    // The test decoder accepts with confidence 1, so no threshold up to 1 rejects more.
    assertEquals(m.rejectionRate(), result.curve().points().get(1).metrics().rejectionRate());
  }

  @Test
  void theReportRecordsSourcesShapesTransformsAndCurves(@TempDir Path folder) throws Exception {
    Split big = random(new ImageShape(1, 4, 4), 30, 5);
    OodResult resized = OutOfDistribution.measure(new LinearNetwork(false), new MarginDecoder(0.2f),
        "other test", big, List.of(ImageTransform.RESIZE), 30, 8, List.of(0.0, 0.5, 1.0));
    OodResult noise = OutOfDistribution.measure(new LinearNetwork(false), new MarginDecoder(0.2f),
        "uniform-noise", OutOfDistribution.noise(LinearNetwork.SHAPE, 30, 3), List.of(), 30, 8,
        List.of(0.0, 0.5, 1.0));
    List<Path> files = OodReport.write(folder, List.of(resized, noise), Map.of("seed", 3));
    JsonNode json = new ObjectMapper().readTree(files.get(0).toFile());
    assertEquals(3, json.at("/provenance/seed").asInt());
    assertEquals("1x4x4", json.at("/sources/0/sourceShape").asText());
    assertEquals("resize", json.at("/sources/0/transforms/0").asText());
    assertEquals(resized.metrics().rejectionRate(),
        json.at("/sources/0/rejectionRate").asDouble());
    assertEquals(3, json.at("/sources/1/curve").size());
    List<String> csv = Files.readAllLines(files.get(1));
    assertEquals("source,transforms,delta,samples,rejection_rate", csv.get(0));
    assertEquals(1 + 6, csv.size());
    assertTrue(csv.get(1).startsWith("other test,resize,0.0,30,"), csv.get(1));
    assertTrue(OodReport.summary(resized).contains("1x4x4 by resize"), OodReport.summary(resized));
  }
}
