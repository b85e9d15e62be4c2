package org.ecoc4j.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to generate the random-binary codebooks (Algorithm 1) of a large ensemble: N = 1000
 * classes, K = 128 bits, M = 7 independent members, a new seed each call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class CodebookGenerationBenchmark {

  private CodebookGenerator generator;
  private long seed;

  /** Looks the generator up. */
  @Setup
  public void setUp() {
    generator = Plugins.generator("random-binary");
  }

  /** Seven independent 1000 x 128 codebooks. */
  @Benchmark
  public List<Codebook> randomBinary1000x128x7() {
    return generator.generate(new CodebookSpec(1000, OptionalInt.of(128), 7, seed++, Map.of()));
  }
}
