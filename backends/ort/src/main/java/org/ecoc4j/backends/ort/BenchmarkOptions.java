package org.ecoc4j.backends.ort;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.autodiff.ConvGradient;

/**
 * The options of {@link ThroughputBenchmark}'s command line.
 *
 * @param models the networks measured
 * @param batches the batch sizes measured
 * @param threads the intra-op thread counts measured (ecoc4j and PyTorch alike)
 * @param steps timed steps per figure, at least
 * @param minSeconds timed seconds per figure, at least (more steps where the steps take less), on
 *     both sides; 0: exactly the steps
 * @param rounds rounds of both sides, one after the other; each figure is the best round's
 * @param device where ecoc4j's and PyTorch's graphs run
 * @param profile the file prefix of ONNX Runtime's session profiles, or {@code null}
 * @param top operators printed from each profile
 * @param python the Python interpreter that runs the PyTorch side, or {@code null} to skip it
 * @param script the PyTorch side's script
 * @param memory whether peak resident memory of training (and device memory where available) is
 *     measured beside PyTorch's, in child processes
 * @param members M above 1: each model is also measured as an ensemble of M members in one graph
 *     (as the zoo builds ensembles), and its cost compared with M times one member's
 * @param convGradient the Conv gradient rule of ecoc4j's training and attack graphs
 * @param sessionMemory how ecoc4j's sessions plan their memory (the backend option {@code memory})
 * @param convLayout the layout of ecoc4j's training convolutions (the backend option {@code
 *     conv-layout})
 * @param spinning whether ecoc4j's sessions' intra-op threads spin (the backend option {@code
 *     spinning})
 */
public record BenchmarkOptions(
    List<ModelSpec> models,
    List<Integer> batches,
    List<Integer> threads,
    int steps,
    double minSeconds,
    int rounds,
    OrtDevice device,
    Path profile,
    int top,
    String python,
    Path script,
    boolean memory,
    int members,
    ConvGradient convGradient,
    SessionMemory sessionMemory,
    ConvLayout convLayout,
    boolean spinning) {

  /**
   * The least timed seconds per figure by default: lenet's steps take milliseconds, and a few of
   * them timed alone scattered by tens of per cent between runs on both sides.
   */
  static final double DEFAULT_MIN_SECONDS = 2;

  /** The networks the benchmark knows. */
  static final List<ModelSpec> MODELS =
      List.of(
          new ModelSpec("lenet", new ImageShape(1, 28, 28), 10, 1),
          new ModelSpec("cnn1", new ImageShape(3, 32, 32), 10, 1),
          new ModelSpec("resnet20v2", new ImageShape(3, 32, 32), 10, 1),
          new ModelSpec("wrn-16-4", new ImageShape(3, 32, 32), 10, 1));

  /** The command line's usage text. */
  static final String USAGE = """
      usage: ThroughputBenchmark [--models lenet,cnn1,resnet20v2] [--batches 64,128]
                                 [--threads 2] [--steps 20] [--min-seconds 2] [--rounds 2]
                                 [--device cpu|cuda]
                                 [--profile FILE-PREFIX] [--top 8]
                                 [--python python3|none] [--script benchmarks/python/throughput.py]
                                 [--memory on|off] [--members 1]
                                 [--conv-gradient auto|convgrad|gemm]
                                 [--session-memory lean|pattern]
                                 [--conv-layout auto|nchw|nchwc] [--spinning off|on]
        models   comma-separated, of lenet, cnn1, resnet20v2, wrn-16-4
        batches, threads  comma-separated positive integers
        steps, min-seconds  each figure times at least the steps and at least the seconds
                 (more steps where the steps take less; 0 seconds: exactly the steps)
        rounds   rounds of ecoc4j then PyTorch; each figure is the best round's
        profile  ONNX Runtime session profiles to FILE-PREFIX-...json, top operators printed
        python   interpreter with torch for the PyTorch side; none skips it
        memory   peak resident memory of training beside PyTorch's, each in a child process
        members  above 1: also M members in one graph, cost against M x one member
        conv-gradient  ecoc4j's Conv gradient: ONNX Runtime's ConvGrad, forward operators
                 with the weight gradient as one GEMM over the batch (gemm), or auto (the
                 default, as the backend option: gemm for kernels up to 3x3 on the CPU)
        session-memory  ecoc4j's sessions without ONNX Runtime's memory pattern (lean, the
                 default) or with it (pattern), as the backend option memory
        conv-layout  ecoc4j's training convolutions in ONNX Runtime's NCHWc kernels (nchwc),
                 as built (nchw), or auto (the default, as the backend option: nchwc on the
                 CPU where the kernels exist)
        spinning  ecoc4j's sessions' intra-op threads block when out of work (off, the
                 default, as the backend option) or spin (on)""";

  /** Copies the lists and checks the counts. */
  public BenchmarkOptions {
    models = List.copyOf(models);
    batches = List.copyOf(batches);
    threads = List.copyOf(threads);
    Objects.requireNonNull(convGradient, "convGradient");
    Objects.requireNonNull(sessionMemory, "sessionMemory");
    Objects.requireNonNull(convLayout, "convLayout");
    if (models.isEmpty() || batches.isEmpty() || threads.isEmpty()) {
      throw new IllegalArgumentException("models, batches and threads must not be empty");
    }
    if (!ThroughputBenchmark.isMinSeconds(minSeconds)) {
      throw new IllegalArgumentException(
          "option --min-seconds takes a finite number of seconds of at least 0, got "
              + minSeconds);
    }
    if (steps < 1 || rounds < 1 || top < 1 || members < 1) {
      throw new IllegalArgumentException("steps, rounds, top and members must be positive, got "
          + steps + ", " + rounds + ", " + top + ", " + members);
    }
  }

  /**
   * Parses {@code --name value} pairs; what is not given takes its default (lenet, cnn1 and
   * resnet20v2; batches 64 and 128; 2 threads; 20 steps; 2 seconds; 2 rounds; cpu; no profile;
   * top 8; {@code python3}; {@code benchmarks/python/throughput.py}; memory on; 1 member; conv
   * gradient, session memory, conv layout and spinning as the backend's defaults).
   *
   * @throws IllegalArgumentException naming the option for an unknown option, a missing value, a
   *     value that is not a positive integer, a min-seconds that is not a finite number of at
   *     least 0, an unknown model, a memory or spinning value other than {@code on} and {@code
   *     off}, an unknown conv gradient, session memory setting or conv layout
   */
  public static BenchmarkOptions parse(String... args) {
    List<ModelSpec> models = MODELS.subList(0, 3);
    List<Integer> batches = List.of(64, 128);
    List<Integer> threads = List.of(OrtSettings.DEFAULT_THREADS);
    int steps = 20;
    double minSeconds = DEFAULT_MIN_SECONDS;
    int rounds = 2;
    OrtDevice device = OrtDevice.CPU;
    Path profile = null;
    int top = 8;
    String python = "python3";
    Path script = Path.of("benchmarks", "python", "throughput.py");
    boolean memory = true;
    int members = 1;
    ConvGradient convGradient = ConvGradient.AUTO;
    SessionMemory sessionMemory = SessionMemory.LEAN;
    ConvLayout convLayout = ConvLayout.AUTO;
    boolean spinning = false;
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + name + " needs a value\n" + USAGE);
      }
      String value = args[i + 1];
      switch (name) {
        case "--models" -> models = select(value);
        case "--batches" -> batches = positives(name, value);
        case "--threads" -> threads = positives(name, value);
        case "--steps" -> steps = positive(name, value);
        case "--min-seconds" -> minSeconds = seconds(name, value);
        case "--rounds" -> rounds = positive(name, value);
        case "--device" -> device = OrtDevice.parse(value);
        case "--profile" -> profile = Path.of(value);
        case "--top" -> top = positive(name, value);
        case "--python" -> python = value.equals("none") ? null : value;
        case "--script" -> script = Path.of(value);
        case "--memory" -> memory = onOff(name, value);
        case "--members" -> members = positive(name, value);
        case "--conv-gradient" -> convGradient = convGradient(value);
        case "--session-memory" -> sessionMemory = sessionMemory(name, value);
        case "--conv-layout" -> convLayout = convLayout(name, value);
        case "--spinning" -> spinning = onOff(name, value);
        default -> throw new IllegalArgumentException("unknown option " + name + "\n" + USAGE);
      }
    }
    return new BenchmarkOptions(
        models, batches, threads, steps, minSeconds, rounds, device, profile, top, python, script,
        memory, members, convGradient, sessionMemory, convLayout, spinning);
  }

  /** The number of seconds {@code value} says; the record's constructor checks its range. */
  private static double seconds(String name, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "option " + name + " takes a number of seconds, got '" + value + "'", e);
    }
  }

  private static ConvLayout convLayout(String name, String value) {
    try {
      return ConvLayout.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("option " + name + ": " + e.getMessage(), e);
    }
  }

  private static ConvGradient convGradient(String value) {
    try {
      return ConvGradient.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("option --conv-gradient: " + e.getMessage(), e);
    }
  }

  /** The benchmark's models whose architectures {@code names} lists, comma-separated. */
  static List<ModelSpec> select(String names) {
    List<ModelSpec> chosen = new ArrayList<>();
    for (String name : names.split(",")) {
      ModelSpec spec = MODELS.stream()
          .filter(m -> m.architecture().equals(name.trim()))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException(
              "unknown benchmark model '" + name.trim() + "', known: "
                  + MODELS.stream().map(ModelSpec::architecture).toList()));
      chosen.add(spec);
    }
    return chosen;
  }

  private static boolean onOff(String name, String value) {
    return switch (value) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException(
          "option " + name + " takes on or off, got '" + value + "'");
    };
  }

  private static SessionMemory sessionMemory(String name, String value) {
    try {
      return SessionMemory.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("option " + name + ": " + e.getMessage(), e);
    }
  }

  private static List<Integer> positives(String name, String value) {
    List<Integer> values = new ArrayList<>();
    for (String part : value.split(",")) {
      values.add(positive(name, part.trim()));
    }
    return values;
  }

  private static int positive(String name, String value) {
    int parsed;
    try {
      parsed = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "option " + name + " takes positive integers, got '" + value + "'", e);
    }
    if (parsed < 1) {
      throw new IllegalArgumentException(
          "option " + name + " takes positive integers, got " + parsed);
    }
    return parsed;
  }
}
