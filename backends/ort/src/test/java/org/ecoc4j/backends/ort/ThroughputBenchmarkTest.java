package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.backends.onnx.autodiff.ConvGradient;
import org.ecoc4j.api.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark command measures positive rates, parses its options, reads the PyTorch side's
 * rows and runs without PyTorch, saying so; its full run is the documented command.
 */
class ThroughputBenchmarkTest {

  @Test
  void measuresTrainingAttackAndLossQueryRates() {
    ThroughputBenchmark.Result r =
        new ThroughputBenchmark(OrtSettings.cpu(), 2, 0)
            .measure(new ModelSpec("lenet", new ImageShape(1, 16, 16), 4, 1), 8);
    assertTrue(r.trainImagesPerSecond() > 0 && Double.isFinite(r.trainImagesPerSecond()));
    assertTrue(r.attackStepsPerSecond() > 0 && Double.isFinite(r.attackStepsPerSecond()));
    assertTrue(r.lossQueriesPerSecond() > 0 && Double.isFinite(r.lossQueriesPerSecond()));
    assertTrue(r.optimizerShare() > 0 && r.optimizerShare() < 1, "" + r.optimizerShare());
    assertThrows(IllegalArgumentException.class,
        () -> new ThroughputBenchmark(OrtSettings.cpu(), 0, 0));
    for (double bad : new double[] {-0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new ThroughputBenchmark(OrtSettings.cpu(), 2, bad));
      assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
    }
  }

  /**
   * Without a least time a figure times exactly its steps after three warm-up steps; with one,
   * steps are added until the timed ones took it, after a warm-up of a quarter of it.
   */
  @Test
  void timesAtLeastTheStepsAndAtLeastTheLeastSeconds() {
    int[] calls = new int[2];
    Runnable slow = () -> {
      calls[0]++;
      sleepMillis(2);
    };
    Runnable fast = () -> calls[1]++;
    ThroughputBenchmark exact = new ThroughputBenchmark(OrtSettings.cpu(), 4, 0);
    double rate = exact.rate(slow);
    assertEquals(3 + 4, calls[0]);
    assertTrue(rate > 0 && rate < 1000 / 2.0 * 1.01, "" + rate);
    calls[0] = 0;
    exact.alternatingRates(slow, fast);
    assertEquals(3 + 4, calls[0]);
    assertEquals(3 + 4, calls[1]);

    ThroughputBenchmark timed = new ThroughputBenchmark(OrtSettings.cpu(), 4, 0.2);
    calls[0] = 0;
    long start = System.nanoTime();
    double slowRate = timed.rate(slow);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds >= 0.2 + 0.05, "timed for " + seconds + " s");
    // at most 500 steps/s: the 0.2 s timed and 0.05 s warm-up hold at least 0.2 * rate steps
    assertTrue(calls[0] >= 3 + Math.floor(0.2 * slowRate), calls[0] + " at " + slowRate);
    assertTrue(calls[0] > 3 + 4, "" + calls[0]);
    calls[0] = 0;
    calls[1] = 0;
    start = System.nanoTime();
    timed.alternatingRates(slow, fast);
    seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(seconds >= 0.2 + 0.05, "timed for " + seconds + " s");
    assertEquals(calls[0], calls[1], "the two steps alternate block by block");
    assertTrue(calls[0] > 3 + 4, "" + calls[0]);
  }

  private static void sleepMillis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void parsesOptionsWithDefaultsAndNamesBadOnes() {
    BenchmarkOptions defaults = BenchmarkOptions.parse();
    assertEquals(List.of("lenet", "cnn1", "resnet20v2"),
        defaults.models().stream().map(ModelSpec::architecture).toList());
    assertEquals(List.of(64, 128), defaults.batches());
    assertEquals(List.of(2), defaults.threads());
    assertEquals("python3", defaults.python());
    assertTrue(defaults.memory());
    assertEquals(1, defaults.members());
    assertEquals(ConvGradient.AUTO, defaults.convGradient());
    assertEquals(SessionMemory.LEAN, defaults.sessionMemory());
    assertEquals(ConvLayout.AUTO, defaults.convLayout());
    assertFalse(defaults.spinning());
    assertEquals(BenchmarkOptions.DEFAULT_MIN_SECONDS, defaults.minSeconds());
    BenchmarkOptions o = BenchmarkOptions.parse("--models", "resnet20v2, wrn-16-4",
        "--batches", "8,16", "--threads", "1,4", "--steps", "3", "--python", "none",
        "--profile", "/tmp/x", "--memory", "off", "--members", "3", "--conv-gradient", "gemm",
        "--session-memory", "pattern", "--conv-layout", "nchw", "--min-seconds", "0.5",
        "--spinning", "on");
    assertEquals(List.of("resnet20v2", "wrn-16-4"),
        o.models().stream().map(ModelSpec::architecture).toList());
    assertEquals(List.of(8, 16), o.batches());
    assertEquals(List.of(1, 4), o.threads());
    assertEquals(3, o.steps());
    assertEquals(0.5, o.minSeconds());
    assertNull(o.python());
    assertEquals(Path.of("/tmp/x"), o.profile());
    assertFalse(o.memory());
    assertEquals(3, o.members());
    assertEquals(ConvGradient.GEMM, o.convGradient());
    assertEquals(SessionMemory.PATTERN, o.sessionMemory());
    assertEquals(ConvLayout.NCHW, o.convLayout());
    assertTrue(o.spinning());
    for (String[] bad : List.of(new String[] {"--models", "vgg"},
        new String[] {"--batches", "0"}, new String[] {"--threads", "two"},
        new String[] {"--steps"}, new String[] {"--colour", "red"},
        new String[] {"--memory", "yes"}, new String[] {"--members", "0"},
        new String[] {"--conv-gradient", "fast"}, new String[] {"--session-memory", "small"},
        new String[] {"--conv-layout", "nhwc"}, new String[] {"--min-seconds", "-1"},
        new String[] {"--min-seconds", "soon"}, new String[] {"--min-seconds", "NaN"},
        new String[] {"--min-seconds", "Infinity"}, new String[] {"--spinning", "yes"})) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> BenchmarkOptions.parse(bad));
      assertTrue(e.getMessage().contains(bad[0].startsWith("--") ? bad[0] : "vgg")
          || e.getMessage().contains("vgg"), e.getMessage());
    }
  }

  @Test
  void readsThePyTorchSidesRows() {
    PyTorchSide.Run run = PyTorchSide.parse("""
        torch 1.13.0a0 on cpu, 2 threads, 20 timed steps per figure
        not defined here, skipped: wrn-16-4
        model       input    batch    train img/s  attack steps/s   attack img/s
        lenet       1x28x28     64         1576.4          106.87         6839.5
        cnn1        3x32x32    128          300.5            2.50          320.0
        """);
    assertEquals("torch 1.13.0a0 on cpu, 2 threads, 20 timed steps per figure", run.header());
    assertEquals(new PyTorchSide.Rates(1576.4, 106.87), run.rates("lenet", 64).orElseThrow());
    assertEquals(new PyTorchSide.Rates(300.5, 2.5), run.rates("cnn1", 128).orElseThrow());
    assertTrue(run.rates("lenet", 128).isEmpty());
    assertTrue(run.rates("wrn-16-4", 64).isEmpty());
  }

  /**
   * The PyTorch side's OpenMP pool gets the benchmark's thread count and its BLAS one thread,
   * glibc's malloc keeps tensors of up to 32 MiB, and tcmalloc is preloaded where one is
   * installed, through the environment of the child process.
   */
  @Test
  void thePyTorchSideRunsWithItsFastestCpuSettingInItsEnvironment(@TempDir Path dir)
      throws IOException {
    Map<String, String> environment = PyTorchSide.environment(3, null);
    assertEquals(Map.of("OMP_NUM_THREADS", "3", "OPENBLAS_NUM_THREADS", "1",
        "MKL_NUM_THREADS", "1", "MALLOC_MMAP_THRESHOLD_", "33554432",
        "MALLOC_TRIM_THRESHOLD_", "4294967296"), environment);
    ChildProcess child = ChildProcess.run(
        List.of("sh", "-c", "echo \"$OPENBLAS_NUM_THREADS $OMP_NUM_THREADS $MKL_NUM_THREADS\""),
        environment, "a shell", 1);
    assertEquals(0, child.status());
    assertEquals("1 3 1", child.lastLine());
    Path library = Files.writeString(dir.resolve("libtcmalloc_minimal.so.4"), "");
    assertEquals(library, PyTorchSide.installedTcmalloc(List.of(dir.resolve("missing.so"),
        library)));
    assertNull(PyTorchSide.installedTcmalloc(List.of(dir.resolve("missing.so"))));
    assertEquals(library.toString(), PyTorchSide.environment(2, library).get("LD_PRELOAD"));
  }

  @Test
  void readsThePyTorchSidesMemoryColumns() {
    PyTorchSide.Run run = PyTorchSide.parse("""
        torch 1.13.0a0 on cpu, 2 threads, 20 timed steps per figure
        model       input    batch    train img/s  attack steps/s   attack img/s training peak \
            growth     device dev growth  attack peak     growth     device dev growth (MiB)
        lenet       1x28x28     64         1576.4          106.87         6839.5        242.8\
               17.0          -          -        240.1       14.4          -          -
        cnn1        3x32x32    128          300.5            2.50          320.0       1024.5\
              700.2      512.0        900        800.0      476.5      300.0          -
        wrn-16-4    3x32x32     64           50.0            1.50           96.0        900.0\
              600.0          -          -
        resnet20v2  3x32x32     64          100.0            1.00           64.0
        """);
    PeakMemory.Work training = PeakMemory.Work.TRAINING;
    PeakMemory.Work attack = PeakMemory.Work.ATTACK;
    assertEquals(new PyTorchSide.Rates(1576.4, 106.87), run.rates("lenet", 64).orElseThrow());
    assertEquals(new PyTorchSide.Memory(242.8, 17.0, null, null),
        run.memory(training, "lenet", 64).orElseThrow());
    assertEquals(new PyTorchSide.Memory(240.1, 14.4, null, null),
        run.memory(attack, "lenet", 64).orElseThrow());
    assertEquals(new PyTorchSide.Memory(1024.5, 700.2, 512.0, 900.0),
        run.memory(training, "cnn1", 128).orElseThrow());
    assertEquals(new PyTorchSide.Memory(800.0, 476.5, 300.0, null),
        run.memory(attack, "cnn1", 128).orElseThrow());
    assertEquals(new PyTorchSide.Memory(900.0, 600.0, null, null),
        run.memory(training, "wrn-16-4", 64).orElseThrow());
    assertTrue(run.memory(attack, "wrn-16-4", 64).isEmpty());
    assertTrue(run.rates("resnet20v2", 64).isPresent());
    assertTrue(run.memory(training, "resnet20v2", 64).isEmpty());
  }

  @Test
  void ensembleCostIsTheEnsemblesStepTimeOverMTimesOneMembers() {
    assertEquals(1.0, EnsembleCost.of(1, 50, 50), 1e-12);
    assertEquals(1.0, EnsembleCost.of(3, 90, 30), 1e-12);
    assertEquals(0.5, EnsembleCost.of(2, 100, 100), 1e-12);
    assertEquals(2.0, EnsembleCost.of(2, 100, 25), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> EnsembleCost.of(0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> EnsembleCost.of(2, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> EnsembleCost.of(2, 1, Double.NaN));
  }

  @Test
  void readsResidentMemoryFieldsInBytes() {
    String status = "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
    assertEquals(204800L * 1024, ResidentMemory.field(status, "VmHWM"));
    assertEquals(102400L * 1024, ResidentMemory.field(status, "VmRSS"));
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> ResidentMemory.field(status, "VmSwap"));
    assertTrue(missing.getMessage().contains("VmSwap"), missing.getMessage());
    assertThrows(IllegalStateException.class,
        () -> ResidentMemory.field("VmRSS:\t12 MB\n", "VmRSS"));
    long now = ResidentMemory.current();
    assertTrue(now > 0);
    assertTrue(ResidentMemory.peak() >= now);
  }

  /**
   * The GPU's memory in use from {@code nvidia-smi}: the first line's MiB, nothing for anything
   * else or without the tool; the growth during some work is the largest reading less the one
   * before it, taken by a poller while the work runs and once after it.
   */
  @Test
  void readsTheGpusMemoryInUseAndItsGrowthDuringTheWork() {
    assertEquals(OptionalLong.of(1234L << 20), DeviceMemory.parse("1234\n80\n"));
    assertEquals(OptionalLong.of(0), DeviceMemory.parse(" 0 "));
    for (String odd : List.of("", "[N/A]", "12.5", "-3", "No devices were found")) {
      assertTrue(DeviceMemory.parse(odd).isEmpty(), odd);
    }
    assertEquals(new PeakMemory(1, 2, OptionalLong.of(3 << 20)),
        PeakMemory.parse("peak-memory 1 2 " + (3 << 20)));
    assertEquals(new PeakMemory(1, 2, OptionalLong.empty()), PeakMemory.parse("peak-memory 1 2 -"));

    AtomicLong used = new AtomicLong(500);
    AtomicInteger readings = new AtomicInteger();
    Supplier<OptionalLong> reader = () -> {
      readings.incrementAndGet();
      return OptionalLong.of(used.get() << 20);
    };
    OptionalLong growth = DeviceMemory.growthDuring(() -> {
      used.set(900);
      int seen = readings.get();
      waitFor(() -> readings.get() >= seen + 2);
      used.set(700);
    }, reader);
    assertEquals(OptionalLong.of(400L << 20), growth, "the peak during the work, not the end");
    assertTrue(DeviceMemory.growthDuring(() -> used.set(1), OptionalLong::empty).isEmpty());
    assertEquals(1, used.get(), "the work runs without a reading too");
    if (!new File("/usr/bin/nvidia-smi").exists() && !new File("/bin/nvidia-smi").exists()) {
      assertTrue(DeviceMemory.usedBytes().isEmpty(), "no nvidia-smi, no figure");
    }
  }

  private static void waitFor(BooleanSupplier condition) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "the poller took no readings");
      Thread.onSpinWait();
    }
  }

  @Test
  void theChildJvmProbesReadAPeakAboveTheirBaseline() {
    for (PeakMemory.Work work : PeakMemory.Work.values()) {
      PeakMemory m = PeakMemory.measure(
          work, BenchmarkOptions.select("lenet").get(0), 4, OrtSettings.cpu());
      assertTrue(m.baselineBytes() > 0, work + " " + m);
      assertTrue(m.growthBytes() > 0, work + " must add to the resident set: " + m);
      assertTrue(m.deviceGrowthBytes().isEmpty(), "no device figure on the CPU: " + m);
      assertEquals(m, PeakMemory.parse(m.line()));
    }
    assertEquals(PeakMemory.Work.ATTACK, PeakMemory.Work.parse("attack"));
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> PeakMemory.Work.parse("inference"));
    assertTrue(unknown.getMessage().contains("inference")
        && unknown.getMessage().contains("training, attack"), unknown.getMessage());
  }

  @Test
  void aMissingInterpreterOrScriptIsReportedNotThrown(@TempDir Path dir) {
    String noScript = new PyTorchSide("python3", dir.resolve("none.py")).unavailable().orElseThrow();
    assertTrue(noScript.contains("none.py"), noScript);
    String noPython = new PyTorchSide(dir.resolve("no-python").toString(),
        Path.of("../../benchmarks/python/throughput.py")).unavailable().orElseThrow();
    assertTrue(noPython.contains("no-python"), noPython);
  }

  @Test
  void threadScalingIsTheRateAtMoreThreadsOverTheRateAtFewer() {
    assertEquals(3.0, ThreadScaling.of(100, 300), 1e-12);
    assertEquals(0.5, ThreadScaling.of(4, 2), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> ThreadScaling.of(0, 1));
    assertThrows(IllegalArgumentException.class, () -> ThreadScaling.of(1, -1));
    assertThrows(IllegalArgumentException.class, () -> ThreadScaling.of(Double.NaN, 1));
  }

  /** Two thread counts, given in either order: a table for each, then the growth from 1 to 2. */
  @Test
  void printsHowTheRatesGrowFromTheFewestThreadsToTheMost() {
    BenchmarkOptions options = BenchmarkOptions.parse("--models", "lenet", "--batches", "4",
        "--threads", "2,1", "--steps", "1", "--min-seconds", "0", "--rounds", "1",
        "--python", "none", "--memory", "off");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SideBySide.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("1 threads, PyTorch side skipped"), text);
    assertTrue(text.contains("2 threads, PyTorch side skipped"), text);
    assertTrue(text.contains("Scaling from 1 to 2 threads"), text);
    assertTrue(text.lines().anyMatch(l -> l.matches(
        "lenet\\s+4 \\|\\s+[0-9]+\\.[0-9]{2}\\s+- \\|\\s+[0-9]+\\.[0-9]{2}\\s+-")), text);
  }

  @Test
  void runsWithoutPyTorchAndPrintsEnsembleCostMemoryAndTheProfilesTopOperators(@TempDir Path dir) {
    BenchmarkOptions options = BenchmarkOptions.parse("--models", "lenet", "--batches", "4",
        "--threads", "1", "--steps", "1", "--min-seconds", "0", "--rounds", "1",
        "--python", "none",
        "--profile", dir.resolve("p").toString(), "--top", "3", "--members", "2");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SideBySide.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("PyTorch side skipped: --python none"), text);
    assertTrue(text.contains("1 threads, PyTorch side skipped"), text);
    assertTrue(text.lines().anyMatch(l -> l.matches(
        "lenet\\s+4 \\|\\s+[0-9.]+\\s+-\\s+-\\s+\\|\\s+[0-9.]+\\s+-\\s+-\\s+\\|.*")),
        text);
    assertTrue(text.lines().anyMatch(l -> l.matches("lenet\\s+4 training .*%.*")), text);
    assertTrue(text.contains("Ensembles of 2 members in one graph"), text);
    assertTrue(text.lines().anyMatch(l -> l.matches(
        "lenet\\s+4 \\|(\\s+[0-9.]+){3} \\|(\\s+[0-9.]+){3}")), text);
    assertTrue(text.contains("Memory of training"), text);
    assertTrue(text.contains("Memory of attack steps"), text);
    assertEquals(2, text.lines().filter(l -> l.matches(
        "lenet\\s+4 \\|\\s+[0-9.]+\\s+[0-9.]+ \\|\\s+-\\s+- \\|\\s+- \\|\\s+-\\s+-\\s+- \\|\\s+-"))
        .count(), text);
    assertTrue(text.lines().anyMatch(l -> l.matches("lenet\\s+4 attack .*%.*")), text);
  }
}
