package org.ecoc4j.backends.ort;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.ModelSpec;

/**
 * Runs {@link ThroughputBenchmark}'s command: for each thread count, rounds of ecoc4j's
 * measurements followed by the PyTorch side's, then one table of the best figures with ratios,
 * with {@code --memory on} tables of the peak resident memory of training and of attack steps on
 * both sides (measured once, in the first round, each in a child process), with {@code --members
 * M} (M above 1) the cost of M members in one graph against M times one member, with {@code
 * --profile} the top operators of each model and batch, and with several thread counts how each
 * side's rates grow from the fewest threads to the most ({@link ThreadScaling}).
 */
final class SideBySide {

  private static final double MIB = 1024.0 * 1024.0;

  private SideBySide() {}

  /** Runs every thread count of {@code options} and prints the tables to {@code out}. */
  static void run(BenchmarkOptions options, PrintStream out) {
    Optional<PyTorchSide> torch = Optional.empty();
    if (options.python() == null) {
      out.println("PyTorch side skipped: --python none");
    } else {
      PyTorchSide side = new PyTorchSide(options.python(), options.script());
      Optional<String> why = side.unavailable();
      why.ifPresent(reason -> out.println("PyTorch side skipped: " + reason));
      if (why.isEmpty()) {
        torch = Optional.of(side);
      }
    }
    out.printf(Locale.ROOT, "ecoc4j on ONNX Runtime %s, device %s, conv gradient %s, session"
            + " memory %s, conv layout %s, spinning %s, at least %d timed steps and %s s per"
            + " figure, best of %d rounds; ratio = ecoc4j / PyTorch (above 1: ecoc4j is faster)%n",
        OrtRuntime.get().version, options.device().name().toLowerCase(Locale.ROOT),
        options.convGradient().optionValue(), options.sessionMemory().label(),
        options.convLayout().label(), options.spinning() ? "on" : "off", options.steps(),
        options.minSeconds(), options.rounds());
    List<Figures> figures = new ArrayList<>();
    for (int threads : options.threads()) {
      figures.add(runThreads(options, threads, torch, out));
    }
    Figures fewest = Collections.min(figures, Comparator.comparingInt(Figures::threads));
    Figures most = Collections.max(figures, Comparator.comparingInt(Figures::threads));
    if (fewest.threads() < most.threads()) {
      printScaling(options, fewest, most, out);
    }
  }

  /** The best rates of one thread count, keyed by model and batch; PyTorch's where it ran. */
  private record Figures(int threads, Map<String, ThroughputBenchmark.Result> ours,
      Map<String, PyTorchSide.Rates> theirs) {}

  private static Figures runThreads(
      BenchmarkOptions options, int threads, Optional<PyTorchSide> torch, PrintStream out) {
    Map<String, ThroughputBenchmark.Result> ours = new HashMap<>();
    Map<String, PyTorchSide.Rates> theirs = new HashMap<>();
    Map<String, PeakMemory> ourMemory = new HashMap<>();
    Map<String, ThroughputBenchmark.Result> ensembles = new HashMap<>();
    Map<String, PyTorchSide.Memory> theirMemory = new HashMap<>();
    String torchHeader = "";
    Map<String, Set<Path>> before = new HashMap<>();
    for (int round = 0; round < options.rounds(); round++) {
      for (ModelSpec spec : options.models()) {
        for (int batch : options.batches()) {
          String key = spec.architecture() + "/" + batch;
          OrtSettings settings = settings(options, threads);
          if (options.profile() != null) {
            Path prefix = profilePrefix(options.profile(), spec, batch, threads);
            before.computeIfAbsent(key, k -> profiles(prefix, ""));
            settings = settings.profilingTo(prefix);
          }
          ThroughputBenchmark.Result r =
              new ThroughputBenchmark(settings, options.steps(), options.minSeconds())
                  .measure(spec, batch);
          ours.merge(key, r, ThroughputBenchmark.Result::best);
          if (options.members() > 1) {
            ModelSpec ensemble = new ModelSpec(
                spec.architecture(), spec.input(), spec.outputs(), options.members());
            ensembles.merge(key,
                new ThroughputBenchmark(settings(options, threads), options.steps(),
                    options.minSeconds())
                    .measure(ensemble, batch),
                ThroughputBenchmark.Result::best);
          }
          if (options.memory() && round == 0) {
            for (PeakMemory.Work work : PeakMemory.Work.values()) {
              ourMemory.put(work.label() + "/" + key,
                  PeakMemory.measure(work, spec, batch, settings));
            }
          }
        }
      }
      if (torch.isPresent()) {
        PyTorchSide.Run run = torch.get().run(options.models(), options.batches(), threads,
            options.steps(), options.minSeconds(), options.device(),
            options.memory() && round == 0);
        torchHeader = run.header();
        for (ModelSpec spec : options.models()) {
          for (int batch : options.batches()) {
            for (PeakMemory.Work work : PeakMemory.Work.values()) {
              run.memory(work, spec.architecture(), batch).ifPresent(m -> theirMemory.put(
                  work.label() + "/" + spec.architecture() + "/" + batch, m));
            }
            run.rates(spec.architecture(), batch).ifPresent(rates -> theirs.merge(
                spec.architecture() + "/" + batch, rates,
                (a, b) -> new PyTorchSide.Rates(
                    Math.max(a.trainImagesPerSecond(), b.trainImagesPerSecond()),
                    Math.max(a.attackStepsPerSecond(), b.attackStepsPerSecond()))));
          }
        }
      }
    }
    out.println();
    out.printf(Locale.ROOT, "%d threads%s%n", threads,
        torchHeader.isEmpty() ? ", PyTorch side skipped" : "; PyTorch: " + torchHeader);
    out.printf(Locale.ROOT, "%-11s %5s | %10s %10s %6s | %10s %10s %6s | %10s %6s%n",
        "model", "batch", "train ec4j", "torch", "ratio", "attack ec4j", "torch", "ratio",
        "loss q/s", "optim");
    out.printf(Locale.ROOT, "%-11s %5s | %10s %10s %6s | %10s %10s %6s | %10s %6s%n",
        "", "", "img/s", "img/s", "", "steps/s", "steps/s", "", "", "share");
    for (ModelSpec spec : options.models()) {
      for (int batch : options.batches()) {
        String key = spec.architecture() + "/" + batch;
        ThroughputBenchmark.Result r = ours.get(key);
        PyTorchSide.Rates t = theirs.get(key);
        out.printf(Locale.ROOT, "%-11s %5d | %10.1f %10s %6s | %10.2f %10s %6s | %10.2f %5.1f%%%n",
            spec.architecture(), batch,
            r.trainImagesPerSecond(), figure(t == null ? null : t.trainImagesPerSecond(), "%.1f"),
            ratio(r.trainImagesPerSecond(), t == null ? null : t.trainImagesPerSecond()),
            r.attackStepsPerSecond(), figure(t == null ? null : t.attackStepsPerSecond(), "%.2f"),
            ratio(r.attackStepsPerSecond(), t == null ? null : t.attackStepsPerSecond()),
            r.lossQueriesPerSecond(), 100 * r.optimizerShare());
      }
    }
    if (options.members() > 1) {
      printEnsembles(options, ours, ensembles, out);
    }
    if (options.memory()) {
      for (PeakMemory.Work work : PeakMemory.Work.values()) {
        printMemory(options, work, ourMemory, theirMemory, out);
      }
    }
    if (options.profile() != null) {
      printProfiles(options, threads, before, out);
    }
    return new Figures(threads, ours, theirs);
  }

  /** How each side's rates grow from the fewest threads to the most. */
  private static void printScaling(
      BenchmarkOptions options, Figures from, Figures to, PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "Scaling from %d to %d threads (rate at %d / rate at %d, each side"
        + " against itself)%n", from.threads(), to.threads(), to.threads(), from.threads());
    out.printf(Locale.ROOT, "%-11s %5s | %10s %10s | %10s %10s%n",
        "model", "batch", "train ec4j", "torch", "attack ec4j", "torch");
    for (ModelSpec spec : options.models()) {
      for (int batch : options.batches()) {
        String key = spec.architecture() + "/" + batch;
        ThroughputBenchmark.Result a = from.ours().get(key);
        ThroughputBenchmark.Result b = to.ours().get(key);
        PyTorchSide.Rates ta = from.theirs().get(key);
        PyTorchSide.Rates tb = to.theirs().get(key);
        boolean torch = ta != null && tb != null;
        out.printf(Locale.ROOT, "%-11s %5d | %10.2f %10s | %10.2f %10s%n",
            spec.architecture(), batch,
            ThreadScaling.of(a.trainImagesPerSecond(), b.trainImagesPerSecond()),
            torch ? growth(ta.trainImagesPerSecond(), tb.trainImagesPerSecond()) : "-",
            ThreadScaling.of(a.attackStepsPerSecond(), b.attackStepsPerSecond()),
            torch ? growth(ta.attackStepsPerSecond(), tb.attackStepsPerSecond()) : "-");
      }
    }
  }

  /** PyTorch's growth, or "-" where a rate is missing or not positive. */
  private static String growth(double from, double to) {
    return from > 0 && to > 0
        ? String.format(Locale.ROOT, "%.2f", ThreadScaling.of(from, to)) : "-";
  }

  private static void printEnsembles(BenchmarkOptions options,
      Map<String, ThroughputBenchmark.Result> one, Map<String, ThroughputBenchmark.Result> many,
      PrintStream out) {
    int m = options.members();
    out.println();
    out.printf(Locale.ROOT, "Ensembles of %d members in one graph (ecoc4j; cost = time of %d members"
        + " / (%d x time of one), below 1: cheaper than %d separate networks)%n", m, m, m, m);
    out.printf(Locale.ROOT, "%-11s %5s | %10s %10s %6s | %10s %10s %6s%n",
        "model", "batch", "train 1", "train " + m, "cost", "attack 1", "attack " + m, "cost");
    out.printf(Locale.ROOT, "%-11s %5s | %10s %10s %6s | %10s %10s %6s%n",
        "", "", "img/s", "img/s", "", "steps/s", "steps/s", "");
    for (ModelSpec spec : options.models()) {
      for (int batch : options.batches()) {
        String key = spec.architecture() + "/" + batch;
        ThroughputBenchmark.Result a = one.get(key);
        ThroughputBenchmark.Result b = many.get(key);
        out.printf(Locale.ROOT, "%-11s %5d | %10.1f %10.1f %6.2f | %10.2f %10.2f %6.2f%n",
            spec.architecture(), batch,
            a.trainImagesPerSecond(), b.trainImagesPerSecond(),
            EnsembleCost.of(m, a.trainImagesPerSecond(), b.trainImagesPerSecond()),
            a.attackStepsPerSecond(), b.attackStepsPerSecond(),
            EnsembleCost.of(m, a.attackStepsPerSecond(), b.attackStepsPerSecond()));
      }
    }
  }

  /** A row of a memory table: model, batch, ecoc4j's and PyTorch's figures, their ratios. */
  private static final String MEMORY_ROW =
      "%-11s %5d | %10.1f %10.1f | %10s %10s | %6s | %9s %9s %6s | %11s%n";

  /**
   * The memory table of one work; {@code ours} and {@code theirs} are keyed by work, model and
   * batch.
   */
  private static void printMemory(BenchmarkOptions options, PeakMemory.Work work,
      Map<String, PeakMemory> ours, Map<String, PyTorchSide.Memory> theirs, PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "Memory of %s (MiB; each side in a child process: peak resident"
        + " set VmHWM after %d steps, growth = peak - resident set before the model was built;"
        + " ratio = ecoc4j / PyTorch growth, below 1: ecoc4j takes less; on CUDA, dev: how far"
        + " the GPU's memory in use (nvidia-smi) grew during the work, context included, each"
        + " side alone on the GPU, dev ratio = ecoc4j / PyTorch, and torch alloc: PyTorch's CUDA"
        + " allocator peak)%n",
        work == PeakMemory.Work.TRAINING ? "training" : "attack steps", 3 + PeakMemory.STEPS);
    out.printf(Locale.ROOT, "%-11s %5s | %10s %10s | %10s %10s | %6s | %9s %9s %6s | %11s%n",
        "model", "batch", "peak ec4j", "growth", "peak torch", "growth", "ratio", "dev ec4j",
        "dev torch", "ratio", "torch alloc");
    for (ModelSpec spec : options.models()) {
      for (int batch : options.batches()) {
        String key = work.label() + "/" + spec.architecture() + "/" + batch;
        PeakMemory m = ours.get(key);
        PyTorchSide.Memory t = theirs.get(key);
        double growth = m.growthBytes() / MIB;
        Double device = m.deviceGrowthBytes().isPresent()
            ? m.deviceGrowthBytes().getAsLong() / MIB : null;
        Double theirDevice = t == null ? null : t.deviceGrowthMib();
        out.printf(Locale.ROOT, MEMORY_ROW, spec.architecture(), batch, m.peakBytes() / MIB, growth,
            figure(t == null ? null : t.peakMib(), "%.1f"),
            figure(t == null ? null : t.growthMib(), "%.1f"),
            ratio(growth, t == null ? null : t.growthMib()),
            figure(device, "%.0f"), figure(theirDevice, "%.0f"),
            device == null ? "-" : ratio(device, theirDevice),
            figure(t == null ? null : t.allocatorMib(), "%.1f"));
      }
    }
  }

  private static void printProfiles(
      BenchmarkOptions options, int threads, Map<String, Set<Path>> before, PrintStream out) {
    out.println();
    out.printf(Locale.ROOT, "ONNX Runtime profiles, %d threads (kernel time by operator, all"
        + " rounds and warm-up steps):%n", threads);
    for (ModelSpec spec : options.models()) {
      for (int batch : options.batches()) {
        Path prefix = profilePrefix(options.profile(), spec, batch, threads);
        Set<Path> old = before.get(spec.architecture() + "/" + batch);
        for (String role : List.of(SessionRole.TRAINING.label(), SessionRole.ATTACK.label())) {
          List<Path> files = profiles(prefix, "-" + role + "_").stream()
              .filter(f -> !old.contains(f)).sorted().toList();
          if (files.isEmpty()) {
            out.printf(Locale.ROOT, "%-11s %5d %-8s no profile written%n",
                spec.architecture(), batch, role);
            continue;
          }
          ProfileSummary.Whole whole = ProfileSummary.readWhole(files);
          ProfileSummary summary = whole.summary();
          List<String> garbled =
              whole.garbled().stream().map(f -> f.getFileName().toString()).toList();
          out.printf(Locale.ROOT, "%-11s %5d %-8s %s (%d worker threads)%s%n",
              spec.architecture(), batch, role, summary.top(options.top()),
              summary.workerThreads(), garbled.isEmpty() ? ""
                  : "; left out, written over by another session: " + garbled);
        }
      }
    }
  }

  /** The profile prefix of one model, batch and thread count. */
  private static Path profilePrefix(Path profile, ModelSpec spec, int batch, int threads) {
    return profile.resolveSibling(profile.getFileName() + "-" + spec.architecture()
        + "-b" + batch + "-t" + threads);
  }

  /** The JSON files of {@code prefix} whose names continue with {@code infix}. */
  private static Set<Path> profiles(Path prefix, String infix) {
    Path dir = prefix.toAbsolutePath().getParent();
    String start = prefix.getFileName() + infix;
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("profile folder " + dir + " does not exist");
    }
    try (Stream<Path> files = Files.list(dir)) {
      Set<Path> found = new HashSet<>();
      files.filter(f -> f.getFileName().toString().startsWith(start)
              && f.getFileName().toString().endsWith(".json"))
          .forEach(found::add);
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String figure(Double value, String format) {
    return value == null ? "-" : String.format(Locale.ROOT, format, value);
  }

  private static String ratio(double ours, Double theirs) {
    return theirs == null || theirs <= 0 ? "-" : String.format(Locale.ROOT, "%.2f", ours / theirs);
  }

  /** ecoc4j's session settings for one thread count, without profiling. */
  private static OrtSettings settings(BenchmarkOptions options, int threads) {
    return new OrtSettings(options.device(), threads)
        .withConvGradient(options.convGradient())
        .withMemory(options.sessionMemory())
        .withConvLayout(options.convLayout())
        .withSpinning(options.spinning());
  }
}
