package org.ecoc4j.backends.ort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.ecoc4j.api.backend.ModelSpec;

/**
 * The PyTorch side of {@link ThroughputBenchmark}: runs {@code benchmarks/python/throughput.py}
 * with the interpreter the user named and reads its rows ({@code model input batch train-img/s
 * attack-steps/s attack-img/s}, and with {@code --memory} eight more: {@code peak-MiB growth-MiB
 * allocator-MiB device-growth-MiB} of training, then the same of attack steps, each device column
 * {@code -} off CUDA or without a figure).
 *
 * @param python the interpreter
 * @param script the script
 */
record PyTorchSide(String python, Path script) {

  private static final long TIMEOUT_MINUTES = 60;

  /** One model and batch of the PyTorch side. */
  record Rates(double trainImagesPerSecond, double attackStepsPerSecond) {}

  /**
   * Memory of one model's training or attack steps on the PyTorch side, in MiB: the peak resident
   * set of the child process that ran them, what they added to it, the peak of PyTorch's CUDA
   * allocator, and how far the GPU's memory in use grew while they ran ({@link DeviceMemory}'s
   * figure; both {@code null} off CUDA, the last also where {@code nvidia-smi} gave none).
   */
  record Memory(double peakMib, double growthMib, Double allocatorMib, Double deviceGrowthMib) {}

  /**
   * What the script printed: its first line (the versions), its rows by model and batch, and the
   * memory of the rows that have it, by work, model and batch.
   */
  record Run(String header, Map<String, Rates> rows, Map<String, Memory> memory) {

    /** The rates of {@code model} at {@code batch}, if the script measured it. */
    Optional<Rates> rates(String model, int batch) {
      return Optional.ofNullable(rows.get(model + "/" + batch));
    }

    /** The memory of {@code work} on {@code model} at {@code batch}, if the script measured it. */
    Optional<Memory> memory(PeakMemory.Work work, String model, int batch) {
      return Optional.ofNullable(memory.get(work.label() + "/" + model + "/" + batch));
    }
  }

  /**
   * Why the PyTorch side cannot run here (no script, no interpreter, no torch), or empty when it
   * can.
   */
  Optional<String> unavailable() {
    if (!Files.isRegularFile(script)) {
      return Optional.of("no script " + script + " (run from the repository root or give --script)");
    }
    try {
      Process p = new ProcessBuilder(python, "-c", "import torch")
          .redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return Optional.of(python + " did not import torch within 2 minutes");
      }
      if (p.exitValue() != 0) {
        String last = text.strip().lines().reduce((a, b) -> b).orElse("exit " + p.exitValue());
        return Optional.of(python + " cannot import torch (" + last + ")");
      }
    } catch (IOException e) {
      return Optional.of("cannot run " + python + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
    return Optional.empty();
  }

  /**
   * Runs the script for these models, batches, thread count, steps, least timed seconds per
   * figure and device, with {@code --memory} where {@code memory} is set.
   *
   * @throws IllegalStateException when the script fails, naming its exit status and last line
   */
  Run run(List<ModelSpec> models, List<Integer> batches, int threads, int steps,
      double minSeconds, OrtDevice device, boolean memory) {
    List<String> command = new ArrayList<>(List.of(
        python, script.toString(),
        "--device", device.name().toLowerCase(Locale.ROOT),
        "--steps", Integer.toString(steps),
        "--min-seconds", Double.toString(minSeconds),
        "--threads", Integer.toString(threads),
        "--models", models.stream().map(ModelSpec::architecture).collect(Collectors.joining(",")),
        "--batches", batches.stream().map(String::valueOf).collect(Collectors.joining(","))));
    if (memory) {
      command.add("--memory");
    }
    ChildProcess child =
        ChildProcess.run(command, environment(threads, installedTcmalloc(TCMALLOC)),
            "the PyTorch side", TIMEOUT_MINUTES);
    if (child.status() != 0) {
      throw new IllegalStateException(
          "the PyTorch side (" + String.join(" ", command) + ") exited with " + child.status()
              + ": " + child.lastLine());
    }
    return parse(child.output());
  }

  /**
   * Shared libraries of tcmalloc, the allocator the PyTorch side runs with where one is installed
   * (Debian: {@code apt-get install libtcmalloc-minimal4}), in the order tried.
   */
  static final List<Path> TCMALLOC = List.of(
      Path.of("/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4"),
      Path.of("/usr/lib/aarch64-linux-gnu/libtcmalloc_minimal.so.4"),
      Path.of("/usr/lib64/libtcmalloc_minimal.so.4"),
      Path.of("/usr/lib/libtcmalloc_minimal.so.4"));

  /**
   * The environment of the PyTorch side, PyTorch's fastest CPU setting measured here: its own
   * pool ({@code OMP_NUM_THREADS}) of {@code threads}, and the BLAS (OpenBLAS, MKL) on one thread
   * each, since PyTorch's CPU convolutions call it from inside their own parallel loops, where a
   * threaded BLAS only adds threads that contend for the same cores (on 2 cores lenet trained at
   * 6 100 images/s with a 2-thread OpenBLAS against 17 200 with a single-threaded one, cnn1 at 403
   * against 533); and tcmalloc preloaded where {@code allocator} names it, else glibc's malloc
   * kept from handing tensors of up to 32 MiB back to the system and mapping them again at every
   * step ({@code MALLOC_MMAP_THRESHOLD_}, {@code MALLOC_TRIM_THRESHOLD_}): glibc's default maps
   * every large tensor afresh, and the page faults made PyTorch's rates fall by up to three
   * quarters in some processes and not in others (backends/ort's README, Benchmark).
   *
   * @param allocator tcmalloc's library, or {@code null} for glibc's malloc
   */
  static Map<String, String> environment(int threads, Path allocator) {
    Map<String, String> env = new TreeMap<>(Map.of(
        "OMP_NUM_THREADS", Integer.toString(threads), "OPENBLAS_NUM_THREADS", "1",
        "MKL_NUM_THREADS", "1", "MALLOC_MMAP_THRESHOLD_", Long.toString(32L << 20),
        "MALLOC_TRIM_THRESHOLD_", Long.toString(1L << 32)));
    if (allocator != null) {
      env.put("LD_PRELOAD", allocator.toString());
    }
    return env;
  }

  /** The first of {@link #TCMALLOC} that is a readable file, or null. */
  static Path installedTcmalloc(List<Path> candidates) {
    return candidates.stream().filter(Files::isReadable).findFirst().orElse(null);
  }

  /**
   * Reads the script's output: the first line, every row of five numeric columns after the model
   * and the memory columns of rows that have them (four of training, then four of attack
   * steps).
   */
  static Run parse(String text) {
    List<String> lines = text.lines().toList();
    Map<String, Rates> rows = new HashMap<>();
    Map<String, Memory> memory = new HashMap<>();
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 5 || !f[2].matches("\\d+")) {
        continue;
      }
      try {
        rows.put(f[0] + "/" + f[2],
            new Rates(Double.parseDouble(f[3]), Double.parseDouble(f[4])));
        PeakMemory.Work[] works = PeakMemory.Work.values();
        for (int w = 0; w < works.length && f.length >= 10 + 4 * w; w++) {
          int at = 6 + 4 * w;
          memory.put(works[w].label() + "/" + f[0] + "/" + f[2],
              new Memory(Double.parseDouble(f[at]), Double.parseDouble(f[at + 1]),
                  orNull(f[at + 2]), orNull(f[at + 3])));
        }
      } catch (NumberFormatException e) {
        // a line of text, not a row
      }
    }
    return new Run(lines.isEmpty() ? "" : lines.get(0), rows, memory);
  }

  /** A column's number, or null for {@code -}. */
  private static Double orNull(String column) {
    return column.equals("-") ? null : Double.parseDouble(column);
  }
}
