package org.ecoc4j.decoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.decoding.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** MAP and vote combination, checked by hand and against the single-member decoders. */
class CombinationTest {

  /** One-hot rows: class c is +1 at bit c. */
  private static final Codebook ONE_HOT =
      Codebook.of(new int[][] {{1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}});

  private static final List<Codebook> THREE = List.of(ONE_HOT, ONE_HOT, ONE_HOT);
  private static final List<Codebook> TWO = List.of(ONE_HOT, ONE_HOT);

  @Test
  void mapSumsMemberPosteriorsAndBreaksTiesToTheLowestClass() {
    // member 0 reads class 0, member 1 class 1, member 2 the word 110: 1 bit from both
    float[] outputs = {1, -1, -1, -1, 1, -1, 1, 1, -1};
    PreparedDecoder map = Fixtures.prepare("bit-threshold", THREE, Map.of());
    Decisions decisions = Decisions.withCapacity(1);
    float[] posteriors = new float[3];

    map.decode(outputs, decisions);
    map.posteriors(outputs, 0, 1, posteriors);

    assertEquals(0, decisions.label(0));
    assertEquals(1.5f / 3, decisions.confidence(0), 1e-6f);
    assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, posteriors, 1e-6f);
  }

  @Test
  void voteCountsDecisionsThenSummedConfidenceThenLowestClass() {
    PreparedDecoder vote = Fixtures.prepare("bit-threshold", THREE, Map.of("combine", "vote"));
    PreparedDecoder pair = Fixtures.prepare("bit-threshold", TWO, Map.of("combine", "vote"));
    Decisions decisions = Decisions.withCapacity(1);

    vote.decode(new float[] {1, -1, -1, -1, 1, -1, 1, 1, -1}, decisions);
    assertEquals(0, decisions.label(0), "two of three members decide class 0");
    assertEquals(2f / 3, decisions.confidence(0), 1e-6f);

    // member 0 reads class 1 exactly (confidence 1); member 1 reads 101, nearest class 0 (2/3)
    pair.decode(new float[] {-1, 1, -1, 1, -1, 1}, decisions);
    assertEquals(1, decisions.label(0), "one vote each: the more confident member wins");
    assertEquals(0.5f, decisions.confidence(0), 1e-6f);

    pair.decode(new float[] {-1, 1, -1, 1, -1, -1}, decisions);
    assertEquals(0, decisions.label(0), "equal votes and confidence: lowest class");
  }

  @Test
  void rejectingMembersContributeNothingAndAllRejectedIsReported() {
    Map<String, String> exact = Map.of("max-errors", "0");
    PreparedDecoder map = Fixtures.prepare("bit-threshold", TWO, exact);
    PreparedDecoder vote =
        Fixtures.prepare("bit-threshold", TWO, Map.of("max-errors", "0", "combine", "vote"));
    PreparedDecoder single = Fixtures.prepare("bit-threshold", List.of(ONE_HOT), exact);
    // sample 0: member 0 reads class 2, member 1 is 1 bit off; sample 1: both are off
    float[] outputs = {-1, -1, 1, 1, 1, -1, 1, 1, 1, 1, 1, -1};
    Decisions decisions = Decisions.withCapacity(2);
    float[] posteriors = new float[6];

    for (PreparedDecoder decoder : List.of(map, vote)) {
      decoder.decode(outputs, decisions);
      assertEquals(2, decisions.label(0));
      assertEquals(0.5f, decisions.confidence(0), 1e-6f);
      assertEquals(Rejection.ALL_MEMBERS_REJECTED, decisions.rejection(1));
      decoder.posteriors(outputs, 0, 2, posteriors);
      assertArrayEquals(new float[] {0, 0, 1, 0, 0, 0}, posteriors, "regardless of combine");
    }
    single.decode(new float[] {1, 1, -1}, decisions);
    assertEquals(Rejection.TOO_MANY_ERRORS, decisions.rejection(0), "one member: its own reason");
    assertEquals(2f / 3, decisions.confidence(0), 1e-6f);
  }

  private static final List<String> DECODERS =
      List.of("euclidean", "bit-threshold", "zadeh", "correlation-softmax", "cosine-softmax");

  /**
   * Each decoder and combination at the fewest classes, members and samples and at the most, then
   * 150 cases whose settings are drawn from their seed, which then draws the codebooks and outputs.
   */
  static Stream<Arguments> ensembles() {
    Stream<Arguments> edges = DECODERS.stream().flatMap(name -> Stream.of(
        Arguments.of(0L, name, false, 2, 2, 1), Arguments.of(-1L, name, true, 2, 2, 1),
        Arguments.of(Long.MIN_VALUE, name, false, 12, 5, 8),
        Arguments.of(Long.MAX_VALUE, name, true, 12, 5, 8)));
    Stream<Arguments> drawn = LongStream.range(0, 150).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, DECODERS.get(random.nextInt(DECODERS.size())),
          random.nextBoolean(), random.nextInt(2, 13), random.nextInt(2, 6), random.nextInt(1, 9));
    });
    return Stream.concat(edges, drawn);
  }

  /** Eq. 7 and 8 recomputed from the decisions and posteriors of each member decoded alone. */
  @ParameterizedTest(name = "seed={0} decoder={1} vote={2} classes={3} members={4} batch={5}")
  @MethodSource("ensembles")
  void ensembleAgreesWithItsMembersDecodedAlone(
      long seed, String name, boolean vote, int classes, int members, int batch) {
    Random random = new Random(seed);
    int length = Fixtures.bitsFor(classes) + random.nextInt(12);
    List<Codebook> books = Fixtures.randomMembers(random, members, classes, length);
    Map<String, String> options =
        name.equals("zadeh") ? Map.of("space", random.nextBoolean() ? "full" : "classes") : Map.of();
    Map<String, String> combined = new HashMap<>(options);
    combined.put("combine", vote ? "vote" : "map");
    int[] labels = random.ints(batch, 0, classes).toArray();
    float[] outputs = Fixtures.scaledCodewords(books, labels, 1f);
    float[] noise = Fixtures.gaussian(random, outputs.length, 1.2);
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] += noise[i];
    }
    PreparedDecoder ensemble = Fixtures.prepare(name, books, combined);
    Decisions decisions = Decisions.withCapacity(batch);
    float[] posteriors = new float[batch * classes];

    ensemble.decode(outputs, decisions);
    ensemble.posteriors(outputs, 0, batch, posteriors);

    int width = members * length;
    for (int b = 0; b < batch; b++) {
      float[] summed = new float[classes];
      int[] votes = new int[classes];
      float[] confidences = new float[classes];
      int accepting = 0;
      for (int m = 0; m < members; m++) {
        PreparedDecoder alone = Fixtures.prepare(name, List.of(books.get(m)), options);
        float[] slice =
            Arrays.copyOfRange(outputs, b * width + m * length, b * width + (m + 1) * length);
        Decisions one = Decisions.withCapacity(1);
        alone.decode(slice, one);
        float[] posterior = new float[classes];
        alone.posteriors(slice, 0, 1, posterior);
        if (!one.rejected(0)) {
          accepting++;
          votes[one.label(0)]++;
          confidences[one.label(0)] += one.confidence(0);
          for (int c = 0; c < classes; c++) {
            summed[c] += posterior[c];
          }
        } else {
          assertArrayEquals(new float[classes], posterior, "a rejecting member's posterior");
        }
      }
      String where = "sample " + b + " " + Arrays.toString(decisions.labels());
      if (accepting == 0) {
        assertEquals(Rejection.ALL_MEMBERS_REJECTED, decisions.rejection(b), where);
        continue;
      }
      int expected = vote ? byVotes(votes, confidences) : argmax(summed);
      assertEquals(expected, decisions.label(b), where);
      float confidence = vote ? (float) votes[expected] / members : summed[expected] / members;
      assertEquals(confidence, decisions.confidence(b), 1e-5f, where);
      float total = 0;
      for (int c = 0; c < classes; c++) {
        total += posteriors[b * classes + c];
      }
      assertEquals(1f, total, 1e-4f, where);
      assertTrue(posteriors[b * classes + argmax(summed)] >= posteriors[b * classes + expected]);
    }
  }

  private static int argmax(float[] values) {
    int best = 0;
    for (int c = 1; c < values.length; c++) {
      if (values[c] > values[best]) {
        best = c;
      }
    }
    return best;
  }

  private static int byVotes(int[] votes, float[] confidences) {
    int best = 0;
    for (int c = 1; c < votes.length; c++) {
      if (votes[c] > votes[best]
          || (votes[c] == votes[best] && confidences[c] > confidences[best])) {
        best = c;
      }
    }
    return best;
  }
}
