package org.ecoc4j.backends.ort;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.backends.onnx.autodiff.ConvGradient;

/**
 * Peak resident memory of one kind of ecoc4j's work (training, or attack steps) on one model at
 * one batch size, measured in a child JVM so that nothing measured before (other models, the
 * benchmark's own sessions) is counted: the child loads ONNX Runtime, reads its resident set
 * ({@code VmRSS}, the baseline), runs {@link ThroughputBenchmark}'s warm-up and {@link #STEPS}
 * timed steps of that work on random images, and reads its high-water mark ({@code VmHWM}, the
 * peak). On CUDA the child also reads how far the memory in use on the GPU grew while it worked
 * ({@link DeviceMemory#growthDuring}).
 *
 * @param baselineBytes the child's resident set before the model was built
 * @param peakBytes the child's peak resident set after the steps
 * @param deviceGrowthBytes on CUDA, the growth of the GPU's memory in use during the work; empty
 *     on the CPU or where {@code nvidia-smi} gave no figure
 */
record PeakMemory(long baselineBytes, long peakBytes, OptionalLong deviceGrowthBytes) {

  /** What the child runs. */
  enum Work {
    /**
     * Training: artifacts built, training session opened, AdamW steps ({@link
     * ThroughputBenchmark#train}).
     */
    TRAINING,
    /**
     * Attack steps: the attack oracle's sessions opened on the model's initial weights, then
     * loss-and-input-gradient steps alternating with loss-only queries, as the benchmark times
     * them ({@link ThroughputBenchmark#attack}).
     */
    ATTACK;

    /** The word naming this work on the command line and in the tables: its name in lower case. */
    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The work of that label.
     *
     * @throws IllegalArgumentException for another word
     */
    static Work parse(String label) {
      for (Work w : values()) {
        if (w.label().equals(label)) {
          return w;
        }
      }
      throw new IllegalArgumentException("unknown work '" + label + "'; works: "
          + String.join(", ", Arrays.stream(values()).map(Work::label).toList()));
    }
  }

  /** Timed steps run in the child after the benchmark's warm-up of 3. */
  static final int STEPS = 2;

  private static final String PREFIX = "peak-memory ";
  private static final String NONE = "-";
  private static final long TIMEOUT_MINUTES = 30;

  /** What the work added to the resident set, in bytes. */
  long growthBytes() {
    return peakBytes - baselineBytes;
  }

  /**
   * Measures {@code work} on {@code spec} at {@code batch} with {@code settings}' device, threads,
   * Conv gradient and memory setting in a child JVM of the same runtime and class path.
   *
   * @throws IllegalStateException when the child fails, naming its exit status and last line
   */
  static PeakMemory measure(Work work, ModelSpec spec, int batch, OrtSettings settings) {
    List<String> classpath = new ArrayList<>();
    for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
      String value = System.getProperty(property);
      if (value != null && !value.isEmpty()) {
        classpath.add(value);
      }
    }
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", String.join(File.pathSeparator, classpath),
        PeakMemory.class.getName(), work.label(),
        spec.architecture(), Integer.toString(batch),
        settings.device().name().toLowerCase(Locale.ROOT), Integer.toString(settings.threads()),
        settings.convGradient().optionValue(), settings.memory().label(),
        settings.convLayout().label(), Boolean.toString(settings.spinning()));
    String what = "the " + work.label() + " memory probe of " + spec.architecture();
    ChildProcess child = ChildProcess.run(command, Map.of(), what, TIMEOUT_MINUTES);
    String last = child.lastLine();
    if (child.status() != 0 || !last.startsWith(PREFIX)) {
      throw new IllegalStateException(
          what + " batch " + batch + " exited with " + child.status() + ": " + last);
    }
    return parse(last);
  }

  /**
   * Reads the child's last line: {@code peak-memory BASELINE PEAK DEVICE} in bytes, DEVICE {@code
   * -} where there is no device figure.
   */
  static PeakMemory parse(String line) {
    String[] f = line.substring(PREFIX.length()).trim().split("\\s+");
    return new PeakMemory(Long.parseLong(f[0]), Long.parseLong(f[1]),
        f[2].equals(NONE) ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(f[2])));
  }

  /** The child's last line for these figures, as {@link #parse} reads it. */
  String line() {
    return PREFIX + baselineBytes + " " + peakBytes + " "
        + (deviceGrowthBytes.isPresent() ? Long.toString(deviceGrowthBytes.getAsLong()) : NONE);
  }

  /**
   * The child: {@code WORK MODEL BATCH DEVICE THREADS CONV-GRADIENT MEMORY CONV-LAYOUT SPINNING},
   * WORK {@code training} or {@code attack}, SPINNING {@code true} or {@code false}; prints {@code
   * peak-memory BASELINE PEAK DEVICE} (bytes; DEVICE {@code -} on the CPU) as its last line.
   */
  public static void main(String[] args) {
    Work work = Work.parse(args[0]);
    ModelSpec spec = BenchmarkOptions.select(args[1]).get(0);
    int batch = Integer.parseInt(args[2]);
    OrtSettings settings = new OrtSettings(OrtDevice.parse(args[3]), Integer.parseInt(args[4]))
        .withConvGradient(ConvGradient.parse(args[5])).withMemory(SessionMemory.parse(args[6]))
        .withConvLayout(ConvLayout.parse(args[7])).withSpinning(Boolean.parseBoolean(args[8]));
    OrtRuntime.get();
    long baseline = ResidentMemory.current();
    ThroughputBenchmark benchmark = new ThroughputBenchmark(settings, STEPS, 0);
    Runnable steps = work == Work.TRAINING
        ? () -> benchmark.train(spec, batch) : () -> benchmark.attack(spec, batch);
    OptionalLong device = OptionalLong.empty();
    if (settings.device() == OrtDevice.CUDA) {
      device = DeviceMemory.growthDuring(steps);
    } else {
      steps.run();
    }
    System.out.println(new PeakMemory(baseline, ResidentMemory.peak(), device).line());
  }
}
