package org.ecoc4j.backends.ort;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.backends.onnx.autodiff.ConvGradient;

/**
 * Peak resident memory of ecoc4j's training of one model at one batch size, measured in a child
 * JVM so that nothing measured before (other models, the benchmark's own sessions) is counted:
 * the child loads ONNX Runtime, reads its resident set ({@code VmRSS}, the baseline), runs {@link
 * #STEPS} training steps of {@link ThroughputBenchmark} (artifacts built, session opened, AdamW
 * steps on random images) and reads its high-water mark ({@code VmHWM}, the peak).
 *
 * @param baselineBytes the child's resident set before the model was built
 * @param peakBytes the child's peak resident set after training
 */
record TrainingMemory(long baselineBytes, long peakBytes) {

  /** Training steps run in the child: the benchmark's warm-up of 3, then these timed ones. */
  static final int STEPS = 2;

  private static final String PREFIX = "training-memory ";
  private static final long TIMEOUT_MINUTES = 30;

  /** What training added to the resident set, in bytes. */
  long growthBytes() {
    return peakBytes - baselineBytes;
  }

  /**
   * Measures {@code spec} at {@code batch} with {@code settings}' device, threads, Conv gradient
   * and memory setting in a child JVM of the same runtime and class path.
   *
   * @throws IllegalStateException when the child fails, naming its exit status and last line
   */
  static TrainingMemory measure(ModelSpec spec, int batch, OrtSettings settings) {
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
        TrainingMemory.class.getName(),
        spec.architecture(), Integer.toString(batch),
        settings.device().name().toLowerCase(Locale.ROOT), Integer.toString(settings.threads()),
        settings.convGradient().optionValue(), settings.memory().label());
    ChildProcess child = ChildProcess.run(
        command, Map.of(), "the memory probe of " + spec.architecture(), TIMEOUT_MINUTES);
    String last = child.lastLine();
    if (child.status() != 0 || !last.startsWith(PREFIX)) {
      throw new IllegalStateException("the memory probe of " + spec.architecture() + " batch "
          + batch + " exited with " + child.status() + ": " + last);
    }
    return parse(last);
  }

  /** Reads the child's last line: {@code training-memory BASELINE PEAK} in bytes. */
  static TrainingMemory parse(String line) {
    String[] f = line.substring(PREFIX.length()).trim().split("\\s+");
    return new TrainingMemory(Long.parseLong(f[0]), Long.parseLong(f[1]));
  }

  /**
   * The child: {@code MODEL BATCH DEVICE THREADS CONV-GRADIENT MEMORY}; prints {@code
   * training-memory BASELINE PEAK}
   * (bytes) as its last line.
   */
  public static void main(String[] args) {
    ModelSpec spec = BenchmarkOptions.select(args[0]).get(0);
    int batch = Integer.parseInt(args[1]);
    OrtSettings settings = new OrtSettings(OrtDevice.parse(args[2]), Integer.parseInt(args[3]))
        .withConvGradient(ConvGradient.parse(args[4])).withMemory(SessionMemory.parse(args[5]));
    OrtRuntime.get();
    long baseline = ResidentMemory.current();
    new ThroughputBenchmark(settings, STEPS).train(spec, batch);
    System.out.println(PREFIX + baseline + " " + ResidentMemory.peak());
  }
}
