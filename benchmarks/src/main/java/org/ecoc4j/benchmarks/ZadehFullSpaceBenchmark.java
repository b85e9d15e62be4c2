package org.ecoc4j.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Samples per second of the {@code zadeh} decoder over the full codespace (Theorem 1 of the
 * error-detecting paper: the winner is the rounded output) against a naive implementation.
 *
 * <p>K = 10 uses the paper's CRC7 (10, 4) code and the naive side is the paper's literal protocol:
 * score all 2^10 words by their Zadeh truth value, take the best, then check its syndrome and
 * owner. K = 64 uses a random-binary codebook, where enumeration is impossible; its naive side
 * rounds per sample into fresh arrays and looks the word up in a {@code HashMap} keyed by text.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ZadehFullSpaceBenchmark {

  static final int BATCH = 256;

  /** Code length: 10 (CRC7) or 64 (random binary). */
  @Param({"10", "64"})
  public int length;

  private PreparedDecoder decoder;
  private NaiveZadeh naive;
  private float[] outputs;
  private Decisions decisions;

  /** Builds the codebook, the decoder and a batch of noisy outputs. */
  @Setup
  public void setUp() {
    Codebook codebook =
        length == 10
            ? Plugins.codebook("crc", 10, 10, Map.of("polynomial", "CRC7"))
            : Plugins.codebook("random-binary", 10, length, Map.of());
    decoder = Plugins.decoder("zadeh").prepare(codebook, Map.of("space", "full"));
    naive = new NaiveZadeh(codebook);
    outputs = Outputs.noisyCodewords(codebook, BATCH, 11);
    decisions = Decisions.withCapacity(BATCH);
  }

  /** The ecoc4j decoder on a whole batch. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Decisions ecoc4j() {
    decoder.decode(outputs, decisions);
    return decisions;
  }

  /** The naive baseline described in the class documentation. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int[] naive() {
    return length <= 16 ? naive.decodeByEnumeration(outputs) : naive.decodeByLookup(outputs);
  }
}
