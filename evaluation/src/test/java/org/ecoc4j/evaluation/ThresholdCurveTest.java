package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import javax.imageio.ImageIO;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The accuracy-reliability curve over the threshold Delta: counts by brute force, the metric
 * identities at every point, rejection never falling as Delta grows, and each point equal to the
 * {@code zadeh} decoder run again with {@code threshold=Delta} on a CRC7 code.
 */
class ThresholdCurveTest {

  static LongStream seeds() {
    return LongStream.range(1, 16);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void pointsCountTheDecisionsAboveEachThreshold(long seed) {
    Random random = new Random(seed);
    int n = 1 + random.nextInt(200);
    int classes = 2 + random.nextInt(8);
    int[] labels = new int[n];
    int[] decided = new int[n];
    float[] confidences = new float[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(classes);
      decided[i] = random.nextInt(5) == 0 ? Decisions.REJECTED
          : random.nextBoolean() ? labels[i] : random.nextInt(classes);
      confidences[i] = random.nextFloat();
    }
    List<Double> deltas = List.of(0.9, 0.0, 0.25, 0.5, 0.75, 1.0);
    ThresholdCurve curve = ThresholdCurve.of(DecodedSamples.of(labels, decided, confidences),
        deltas);
    assertEquals(List.of(0.0, 0.25, 0.5, 0.75, 0.9, 1.0),
        curve.points().stream().map(ThresholdPoint::delta).toList());
    double lastRejection = -1;
    for (ThresholdPoint p : curve.points()) {
      long right = 0;
      long rejected = 0;
      for (int i = 0; i < n; i++) {
        boolean accepted = decided[i] != Decisions.REJECTED && confidences[i] >= p.delta();
        rejected += accepted ? 0 : 1;
        right += accepted && decided[i] == labels[i] ? 1 : 0;
      }
      Metrics m = p.metrics();
      String at = "seed " + seed + " at " + p.delta() + ": " + m;
      assertEquals(right / (double) n, m.accuracy(), 1e-12, at);
      assertEquals(rejected / (double) n, m.rejectionRate(), 1e-12, at);
      assertEquals(1.0, m.accuracy() + m.undetectableError() + m.rejectionRate(), 1e-12, at);
      assertEquals(rejected == n, Double.isNaN(m.reliability()), at);
      if (rejected < n) {
        assertEquals(right / (double) (n - rejected), m.reliability(), 1e-12, at);
      }
      assertTrue(m.rejectionRate() >= lastRejection, at);
      lastRejection = m.rejectionRate();
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void eachPointEqualsZadehDecidingAtThatThreshold(long seed) {
    Random random = new Random(seed);
    Codebook crc7 = Plugins.find(CodebookGenerator.class, "crc")
        .generate(CodebookSpec.of(10)).get(0);
    Decoder zadeh = Plugins.find(Decoder.class, "zadeh");
    String space = random.nextBoolean() ? "full" : "classes";
    int n = 150;
    int width = crc7.length();
    float[] outputs = new float[n * width];
    int[] labels = new int[n];
    for (int b = 0; b < n; b++) {
      labels[b] = random.nextInt(10);
      for (int j = 0; j < width; j++) {
        // Near the label's codeword, with noise that flips some digits.
        outputs[b * width + j] =
            (float) (2 * crc7.bit(labels[b], j) + 2.5 * random.nextGaussian());
      }
    }
    Decisions decisions = Decisions.withCapacity(n);
    zadeh.prepare(crc7, Map.of("space", space)).decode(outputs, decisions);
    int[] decided = decisions.labels();
    float[] confidences = new float[n];
    for (int b = 0; b < n; b++) {
      confidences[b] = decisions.confidence(b);
    }
    List<Double> deltas = List.of(0.0, 0.3, 0.55, 0.7, 0.85, 0.95);
    ThresholdCurve curve =
        ThresholdCurve.of(DecodedSamples.of(labels, decided, confidences), deltas);
    for (ThresholdPoint p : curve.points()) {
      PreparedDecoder atDelta =
          zadeh.prepare(crc7, Map.of("space", space, "threshold", Double.toString(p.delta())));
      atDelta.decode(outputs, decisions);
      Tally again = new Tally();
      for (int b = 0; b < n; b++) {
        again.add(Outcome.of(decisions, b, labels[b], -1), false);
      }
      assertEquals(again.metrics(), p.metrics(), "seed " + seed + ", space " + space);
    }
    assertTrue(curve.points().get(curve.points().size() - 1).metrics().rejectionRate()
        > curve.points().get(0).metrics().rejectionRate(), "a high threshold rejects more");
  }

  @Test
  void thresholdsOutsideTheUnitIntervalAreRefusedByValue() {
    DecodedSamples one = DecodedSamples.of(new int[] {0}, new int[] {0}, new float[] {0.5f});
    for (double bad : new double[] {-0.1, 1.5, Double.NaN}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ThresholdCurve.of(one, List.of(0.5, bad)));
      assertTrue(e.getMessage().contains("[0, 1]") && e.getMessage().contains("" + bad),
          e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> ThresholdCurve.of(one, List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> DecodedSamples.of(new int[] {0}, new int[] {0, 1}, new float[] {0.5f}));
    assertThrows(IllegalArgumentException.class,
        () -> DecodedSamples.of(new int[] {0}, new int[] {0}, new float[] {1.5f}));
  }

  @Test
  void theFilesHoldOneRowPerThresholdAndAPlot(@TempDir Path folder) throws Exception {
    Random random = new Random(7);
    int n = 40;
    int[] labels = new int[n];
    int[] decided = new int[n];
    float[] confidences = new float[n];
    for (int i = 0; i < n; i++) {
      labels[i] = random.nextInt(3);
      decided[i] = random.nextInt(4) == 0 ? 2 - labels[i] : labels[i];
      confidences[i] = random.nextFloat();
    }
    ThresholdCurve curve = ThresholdCurve.of(DecodedSamples.of(labels, decided, confidences),
        ThresholdCurve.DEFAULT_DELTAS);
    List<Path> files = ThresholdCurveFiles.write(folder.resolve("out"), curve, "test");
    List<String> csv = Files.readAllLines(files.get(0));
    assertEquals(String.join(",", ThresholdCurveFiles.HEADER), csv.get(0));
    assertEquals(1 + 21, csv.size());
    Metrics last = curve.points().get(20).metrics();
    assertTrue(csv.get(21).startsWith("1.0," + n + "," + last.accuracy() + ","), csv.get(21));
    BufferedImage chart = ImageIO.read(files.get(1).toFile());
    assertEquals(800, chart.getWidth());
    try (var listing = Files.list(folder.resolve("out"))) {
      assertEquals(2, listing.count(), "no temporary file is left");
    }
  }
}
