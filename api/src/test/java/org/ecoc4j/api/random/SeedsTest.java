package org.ecoc4j.api.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every named derivation reproduces, bit for bit, the formula its module used before the
 * derivations were gathered here (written out literally below), so that no run's numbers change.
 */
class SeedsTest {

  static Stream<Arguments> cases() {
    SplittableRandom random = new SplittableRandom(20261204L);
    return IntStream.range(0, 50)
        .mapToObj(i -> Arguments.of(random.nextLong(), random.nextInt(1, 200),
            random.nextInt(0, 5000), random.nextInt(0, 40)));
  }

  private static long splitMix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void eachDerivationIsTheFormulaItReplaces(long seed, int epoch, int index, int layer) {
    assertEquals(splitMix(seed), Seeds.mix(seed));
    assertEquals(splitMix(seed ^ splitMix(index + 0x632BE59BD9B4E019L)),
        Seeds.forSample(seed, index), "attacks' per-sample streams");
    assertEquals(splitMix(seed ^ splitMix(index ^ 0x7A3C5E9D1B2F4861L)),
        Seeds.forTarget(seed, index), "random targets");
    assertEquals(seed ^ splitMix(index * 0x9E3779B97F4A7C15L + layer * 0xC2B2AE3D27D4EB4FL
            + epoch + 1), Seeds.forAttackRun(seed, index, layer, epoch), "evaluation runs");
    assertEquals(seed ^ (0x9E3779B97F4A7C15L * epoch), Seeds.forEpoch(seed, epoch));
    assertEquals(
        new SplittableRandom(
            seed ^ (0xBF58476D1CE4E5B9L * epoch) ^ (0x94D049BB133111EBL * (index + 1L)))
            .nextLong(),
        Seeds.forBatch(seed, epoch, index), "training batches");
    long h = new SplittableRandom(seed).nextLong();
    h = new SplittableRandom(h ^ epoch).nextLong();
    h = new SplittableRandom(h ^ index).nextLong();
    assertEquals(new SplittableRandom(h ^ layer).nextLong(),
        Seeds.chain(seed, epoch, index, layer), "dropout masks");
    String name = "conv" + layer + ".weight";
    long fnv = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      fnv = (fnv ^ (b & 0xff)) * 0x100000001b3L;
    }
    assertEquals(seed ^ fnv, Seeds.forName(seed, name), "parameter initialization");
    assertEquals(seed * 1_000_003L + layer, Seeds.forClass(seed, layer), "stratified subsets");
    assertEquals(Seeds.chain(Seeds.forName(seed, "batch-mixing"), epoch, index),
        Seeds.forBatchMixing(seed, epoch, index), "batch mixings drawn per step");
    assertNotEquals(Seeds.chain(seed, epoch, index, 0), Seeds.forBatchMixing(seed, epoch, index),
        "apart from the step's first dropout mask");
  }

  @ParameterizedTest
  @MethodSource("cases")
  void neighbouringSamplesGetDifferentSeeds(long seed, int epoch, int index, int layer) {
    assertNotEquals(Seeds.forSample(seed, index), Seeds.forSample(seed, index + 1));
    assertNotEquals(Seeds.forTarget(seed, index), Seeds.forSample(seed, index));
  }
}
