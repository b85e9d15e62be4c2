package org.ecoc4j.backends.ort;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The memory in use on the first GPU as {@code nvidia-smi} reports it ({@code memory.used}, whole
 * MiB), and how far it grows while some work runs ({@link #growthDuring}). It is the device-wide
 * figure: a CUDA context, every allocator's reserve and any other process on that GPU count, so a
 * process measures its own device memory as the growth of that figure over what the GPU held
 * before its work began, alone on the machine. ONNX Runtime's training API gives no handle on the
 * CUDA allocator of its sessions, so this is how ecoc4j's device memory is read; the PyTorch side
 * of the benchmark reads the same figure the same way. Without {@code nvidia-smi} (a machine
 * without an NVIDIA driver), or when it fails or prints something else, there is no figure.
 */
final class DeviceMemory {

  /** The query: memory in use of every GPU, one number of MiB per line, the first GPU first. */
  static final List<String> QUERY =
      List.of("nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits");

  private static final long POLL_MILLIS = 100;
  private static final long QUERY_TIMEOUT_MINUTES = 1;
  private static final long MIB = 1024L * 1024L;

  private DeviceMemory() {}

  /** The bytes in use on the first GPU now, or empty where {@code nvidia-smi} gives no figure. */
  static OptionalLong usedBytes() {
    try {
      ChildProcess query = ChildProcess.run(QUERY, Map.of(), "nvidia-smi", QUERY_TIMEOUT_MINUTES);
      return query.status() == 0 ? parse(query.output()) : OptionalLong.empty();
    } catch (UncheckedIOException | IllegalStateException e) {
      // no nvidia-smi, or it ran past the timeout or the wait was interrupted: no figure
      return OptionalLong.empty();
    }
  }

  /**
   * The first GPU's figure of {@link #QUERY}'s output in bytes: its first line, a whole number of
   * MiB; empty for anything else.
   */
  static OptionalLong parse(String output) {
    String first = output.strip().lines().findFirst().orElse("").strip();
    if (!first.matches("\\d{1,9}")) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(first) * MIB);
  }

  /**
   * Runs {@code work} while a daemon thread reads the memory in use every {@value #POLL_MILLIS}
   * ms, and returns the largest reading (the one after the work included) minus the one before it,
   * in bytes; empty where there is no reading before the work (which then runs unobserved).
   */
  static OptionalLong growthDuring(Runnable work) {
    return growthDuring(work, DeviceMemory::usedBytes);
  }

  /** {@link #growthDuring(Runnable)} with the readings of {@code reader}. */
  static OptionalLong growthDuring(Runnable work, Supplier<OptionalLong> reader) {
    OptionalLong before = reader.get();
    if (before.isEmpty()) {
      work.run();
      return OptionalLong.empty();
    }
    AtomicLong peak = new AtomicLong(before.getAsLong());
    Thread poller = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        reader.get().ifPresent(v -> peak.accumulateAndGet(v, Math::max));
        try {
          Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "device-memory-poller");
    poller.setDaemon(true);
    poller.start();
    try {
      work.run();
    } finally {
      poller.interrupt();
      try {
        poller.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    reader.get().ifPresent(v -> peak.accumulateAndGet(v, Math::max));
    return OptionalLong.of(peak.get() - before.getAsLong());
  }
}
