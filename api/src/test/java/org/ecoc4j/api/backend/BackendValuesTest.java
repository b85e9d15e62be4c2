package org.ecoc4j.api.backend;

import org.ecoc4j.api.data.Split;

import org.ecoc4j.api.data.ImageShape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.ecoc4j.api.codebook.Codebook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackendValuesTest {

  private static final Codebook A = Codebook.of(new int[][] {{1, -1, 1}, {-1, 1, 1}});
  private static final Codebook B = Codebook.of(new int[][] {{-1, -1, 1}, {1, 1, -1}});

  @Test
  void codewordTargetsAreClassRowsOfConcatenatedMembers() {
    LossSpec loss = LossSpec.tanhSquaredError(List.of(A, B));
    assertEquals(2, loss.classes());
    assertEquals(3, loss.memberWidth());
    assertArrayEquals(
        new float[] {1, -1, 1, -1, -1, 1, -1, 1, 1, 1, 1, -1}, loss.targets());
    loss.checkFits(new ModelSpec("lenet", new ImageShape(1, 28, 28), 3, 2));
    IllegalArgumentException members =
        assertThrows(IllegalArgumentException.class,
            () -> loss.checkFits(new ModelSpec("lenet", new ImageShape(1, 28, 28), 3, 1)));
    assertTrue(members.getMessage().contains("members"), members.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> loss.checkFits(new ModelSpec("lenet", new ImageShape(1, 28, 28), 4, 2)));
  }

  @Test
  void refusesMismatchedCodebooksAndTooFewClasses() {
    Codebook longer = Codebook.of(new int[][] {{1, -1, 1, 1}, {-1, 1, 1, 1}});
    assertThrows(IllegalArgumentException.class, () -> LossSpec.tanhSquaredError(List.of(A, longer)));
    assertThrows(IllegalArgumentException.class, () -> LossSpec.tanhSquaredError(List.of()));
    assertThrows(IllegalArgumentException.class, () -> LossSpec.crossEntropy(1));
    assertEquals(0, LossSpec.crossEntropy(10).targets().length);
  }

  @Test
  void configurationsRefuseOutOfRangeValues() {
    TrainingConfig ok = TrainingConfig.adamW(2, 32, 1);
    assertEquals(5e-4, ok.withLearningRate(5e-4).learningRate());
    assertEquals(7, ok.withEpochs(7).epochs());
    assertThrows(IllegalArgumentException.class, () -> TrainingConfig.adamW(0, 32, 1));
    assertThrows(IllegalArgumentException.class, () -> TrainingConfig.adamW(1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> ok.withLearningRate(Double.NaN));
    assertThrows(IllegalArgumentException.class,
        () -> new TrainingConfig(1, 1, 1e-3, 0, 1.0, 0.999, 1e-8, 0, true,
            LearningRateSchedule.constant()));
    assertThrows(IllegalArgumentException.class, () -> new ImageShape(0, 28, 28));
    assertThrows(IllegalArgumentException.class,
        () -> new ModelSpec(" ", new ImageShape(1, 28, 28), 10, 1));
    assertEquals(30, new ModelSpec("lenet", new ImageShape(1, 28, 28), 10, 3).outputWidth());
  }

  /** Every count from 1 to 5 with every pick from 0 to 2. */
  static Stream<Arguments> countsAndPicks() {
    return IntStream.rangeClosed(1, 5).boxed()
        .flatMap(count -> IntStream.rangeClosed(0, 2).mapToObj(pick -> Arguments.of(count, pick)));
  }

  @ParameterizedTest(name = "count={0} pick={1}")
  @MethodSource("countsAndPicks")
  void labeledImagesCopyWhatTheyHold(int count, int pick) {
    ImageShape shape = new ImageShape(1, 2, 2);
    float[] pixels = new float[count * 4];
    int[] labels = new int[count];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = i;
    }
    for (int i = 0; i < count; i++) {
      labels[i] = i % 3;
    }
    Split data = Split.inMemory("images", shape, 3, pixels, labels);
    int index = pick % count;
    float[] into = new float[6];
    data.copyImage(index, into, 2);
    assertArrayEquals(new float[] {4 * index, 4 * index + 1, 4 * index + 2, 4 * index + 3},
        java.util.Arrays.copyOfRange(into, 2, 6));
    assertEquals(index % 3, data.label(index));
  }

  @Test
  void labeledImagesRefuseBadData() {
    ImageShape shape = new ImageShape(1, 2, 2);
    assertThrows(IllegalArgumentException.class,
        () -> Split.inMemory("images", shape, 3, new float[7], new int[2]));
    assertThrows(IllegalArgumentException.class,
        () -> Split.inMemory("images", shape, 3, new float[8], new int[] {0, 3}));
    float[] nan = new float[8];
    nan[5] = Float.NaN;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> Split.inMemory("images", shape, 3, nan, new int[2]));
    assertTrue(e.getMessage().contains("sample 1"), e.getMessage());
    Split ok = Split.inMemory("images", shape, 3, new float[8], new int[2]);
    assertThrows(IndexOutOfBoundsException.class, () -> ok.copyImage(2, new float[4], 0));
    assertThrows(IndexOutOfBoundsException.class, () -> ok.copyImage(0, new float[4], 1));
  }

  /** Every epoch count from 1 to 6 with every batch count from 1 to 9. */
  static Stream<Arguments> epochsAndBatches() {
    return IntStream.rangeClosed(1, 6).boxed().flatMap(epochs ->
        IntStream.rangeClosed(1, 9).mapToObj(batches -> Arguments.of(epochs, batches)));
  }

  @ParameterizedTest(name = "epochs={0} batches={1}")
  @MethodSource("epochsAndBatches")
  void cosineFallsFromOneTowardsZero(int epochs, int batches) {
    LearningRateSchedule cosine = LearningRateSchedule.cosine();
    double previous = 2;
    for (int e = 1; e <= epochs; e++) {
      for (int b = 0; b < batches; b++) {
        double f = cosine.factor(e, epochs, b, batches);
        assertTrue(f > 0 && f <= 1 && f <= previous, "factor " + f + " after " + previous);
        previous = f;
      }
    }
    assertEquals(1.0, cosine.factor(1, epochs, 0, batches));
  }

  @Test
  void stepScheduleDecaysEveryFewEpochs() {
    LearningRateSchedule step = LearningRateSchedule.step(2, 0.5);
    assertEquals(1.0, step.factor(1, 6, 3, 4));
    assertEquals(1.0, step.factor(2, 6, 0, 4));
    assertEquals(0.5, step.factor(3, 6, 0, 4));
    assertEquals(0.25, step.factor(6, 6, 3, 4));
    assertEquals(1.0, LearningRateSchedule.constant().factor(6, 6, 3, 4));
    assertThrows(IllegalArgumentException.class, () -> step.factor(7, 6, 0, 4));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(1, 1.5));
    assertThrows(IllegalArgumentException.class,
        () -> new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 3, 1));
  }
}
