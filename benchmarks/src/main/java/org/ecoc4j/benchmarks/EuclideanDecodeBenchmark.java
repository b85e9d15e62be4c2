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
 * Samples per second of the {@code euclidean} decoder (Eq. 6 of the random-binary paper) against a
 * naive per-sample implementation that allocates and computes squared distances in double.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class EuclideanDecodeBenchmark {

  static final int BATCH = 256;

  /** Classes x code length. */
  @Param({"10x64", "1000x128"})
  public String shape;

  private Codebook codebook;
  private PreparedDecoder decoder;
  private float[] outputs;
  private Decisions decisions;

  /** Builds a random-binary codebook of the shape and a batch of noisy outputs. */
  @Setup
  public void setUp() {
    String[] parts = shape.split("x");
    codebook =
        Plugins.codebook(
            "random-binary", Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Map.of());
    decoder = Plugins.decoder("euclidean").prepare(codebook, Map.of());
    outputs = Outputs.noisyCodewords(codebook, BATCH, 7);
    decisions = Decisions.withCapacity(BATCH);
  }

  /** The ecoc4j decoder on a whole batch. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Decisions ecoc4j() {
    decoder.decode(outputs, decisions);
    return decisions;
  }

  /** One sample at a time: fresh arrays, nested loops, squared distances in double. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int[] naive() {
    return NaiveEuclidean.decode(codebook, outputs);
  }
}
