package org.ecoc4j.backends.ort;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The operators of ONNX Runtime session profiles (the JSON files {@code EnableProfiling} makes a
 * session write when it closes) by their share of the kernel time: the sum of the {@code dur} of
 * every {@code Node} event named {@code ..._kernel_time}, by the event's {@code op_name}, and the
 * intra-op worker threads the kernels ran on ({@code thread_scheduling_stats}).
 *
 * <p>Usage: {@code ProfileSummary [--top N] FILE...} prints the top operators of the files
 * together.
 *
 * @param operators operators by kernel time, largest first
 * @param workerThreads distinct intra-op worker threads (besides the calling thread) that ran part
 *     of a kernel, the most of any one file: each file is one session's profile, and sessions
 *     have pools of their own, so their workers are not added
 * @param pools names of the intra-op thread pools the kernels ran in
 */
public record ProfileSummary(
    List<OperatorTime> operators, int workerThreads, Set<String> pools) {

  /** Refuses content after the array: what two sessions writing one file name leave. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final String KERNEL_SUFFIX = "_kernel_time";

  /** Copies the lists. */
  public ProfileSummary {
    operators = List.copyOf(operators);
    pools = Set.copyOf(pools);
  }

  /**
   * One operator type's total kernel time.
   *
   * @param operator the ONNX (or ONNX Runtime contrib) operator type, as the profile names it
   * @param micros summed kernel time in microseconds
   * @param calls kernel runs
   * @param share fraction of the summed kernel time of every operator
   */
  public record OperatorTime(String operator, long micros, long calls, double share) {}

  /**
   * Reads profile files and sums them.
   *
   * @throws UncheckedIOException when a file cannot be read
   * @throws IllegalArgumentException for a file that is not an ONNX Runtime profile (a JSON array
   *     of events), naming it
   */
  public static ProfileSummary read(List<Path> files) {
    List<JsonNode> profiles = new ArrayList<>();
    for (Path file : files) {
      profiles.add(parse(file));
    }
    return summed(profiles);
  }

  /** The kernel times of parsed profiles (each a JSON array of events), summed by operator. */
  private static ProfileSummary summed(List<JsonNode> profiles) {
    Map<String, long[]> byOperator = new HashMap<>();
    int workerThreads = 0;
    Set<String> pools = new HashSet<>();
    for (JsonNode events : profiles) {
      Set<String> workers = new HashSet<>();
      for (JsonNode event : events) {
        if (!"Node".equals(event.path("cat").asText())
            || !event.path("name").asText().endsWith(KERNEL_SUFFIX)) {
          continue;
        }
        String op = event.path("args").path("op_name").asText("?");
        long[] sum = byOperator.computeIfAbsent(op, k -> new long[2]);
        sum[0] += event.path("dur").asLong();
        sum[1]++;
        JsonNode stats = event.path("args").path("thread_scheduling_stats");
        String pool = stats.path("main_thread").path("thread_pool_name").asText("");
        if (!pool.isEmpty()) {
          pools.add(pool);
        }
        for (Iterator<String> ids = stats.path("sub_threads").fieldNames(); ids.hasNext(); ) {
          String id = ids.next();
          if (isStartedThread(id)) {
            workers.add(pool + "/" + id);
          }
        }
      }
      workerThreads = Math.max(workerThreads, workers.size());
    }
    long total = byOperator.values().stream().mapToLong(s -> s[0]).sum();
    List<OperatorTime> operators = new ArrayList<>();
    byOperator.forEach((op, s) ->
        operators.add(new OperatorTime(op, s[0], s[1], total == 0 ? 0 : (double) s[0] / total)));
    operators.sort(Comparator.comparingLong(OperatorTime::micros).reversed()
        .thenComparing(OperatorTime::operator));
    return new ProfileSummary(operators, workerThreads, pools);
  }

  /**
   * The summed profiles of the files that are whole, and the files left out.
   *
   * @param summary the profiles that parsed, summed
   * @param garbled the files that are not whole profiles, in the order given
   */
  public record Whole(ProfileSummary summary, List<Path> garbled) {

    /** Copies the list. */
    public Whole {
      garbled = List.copyOf(garbled);
    }
  }

  /**
   * Reads the profile files that are whole and sums them, leaving out and listing the others.
   * ONNX Runtime names a profile file by its session's start time to the second, so sessions of
   * one role that start in the same second write one file name (the training API's training, eval
   * and optimizer sessions share one options object, and so one prefix): each writes its profile
   * from the start of the file when it closes, and a shorter one written last leaves the end of a
   * longer one behind it, which is not JSON. Where the three sessions start in two seconds, the
   * file of the eval and optimizer sessions can be so garbled while the training graph's, in a
   * file of its own, is whole.
   *
   * @throws UncheckedIOException when a file cannot be read
   */
  public static Whole readWhole(List<Path> files) {
    List<JsonNode> whole = new ArrayList<>();
    List<Path> garbled = new ArrayList<>();
    for (Path file : files) {
      try {
        whole.add(parse(file));
      } catch (IllegalArgumentException e) {
        garbled.add(file);
      }
    }
    return new Whole(summed(whole), garbled);
  }

  /**
   * Whether a sub-thread key names a thread: a worker that has not yet recorded its id when a
   * kernel's statistics are written is listed under the default {@code std::thread::id}, which
   * prints as text ("thread::id of a non-executing thread") or 0, not as a thread's number; counted
   * as a thread it would add one worker too many to a pool whose workers started late.
   */
  static boolean isStartedThread(String id) {
    return !id.isEmpty() && id.chars().allMatch(Character::isDigit) && !id.matches("0+");
  }

  private static JsonNode parse(Path file) {
    JsonNode events;
    try {
      events = JSON.readTree(file.toFile());
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "profile " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read profile " + file + ": " + e.getMessage(), e);
    }
    if (events == null || !events.isArray()) {
      throw new IllegalArgumentException(
          "profile " + file + " is not an ONNX Runtime profile (a JSON array of events)");
    }
    return events;
  }

  /** The summed kernel time of every operator, in microseconds. */
  public long totalMicros() {
    return operators.stream().mapToLong(OperatorTime::micros).sum();
  }

  /** The first {@code top} operators, as {@code Op 41.2%, Op 20.0%, ...}. */
  public String top(int top) {
    List<String> parts = new ArrayList<>();
    for (OperatorTime t : operators.subList(0, Math.min(top, operators.size()))) {
      parts.add(String.format(Locale.ROOT, "%s %.1f%%", t.operator(), 100 * t.share()));
    }
    return String.join(", ", parts);
  }

  /** Prints a table of the first {@code top} operators. */
  public void print(int top, PrintStream out) {
    out.printf(Locale.ROOT, "%-28s %12s %8s %7s%n", "operator", "kernel ms", "calls", "share");
    for (OperatorTime t : operators.subList(0, Math.min(top, operators.size()))) {
      out.printf(Locale.ROOT, "%-28s %12.1f %8d %6.1f%%%n",
          t.operator(), t.micros() / 1e3, t.calls(), 100 * t.share());
    }
    out.printf(Locale.ROOT, "total kernel time %.1f ms; intra-op pools %s, %d worker threads%n",
        totalMicros() / 1e3, pools.stream().sorted().toList(), workerThreads);
  }

  /** Prints the top operators of the profile files given. */
  public static void main(String[] args) {
    int top = 10;
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--top") && i + 1 < args.length) {
        top = Integer.parseInt(args[++i]);
      } else {
        files.add(Path.of(args[i]));
      }
    }
    if (files.isEmpty()) {
      System.err.println("usage: ProfileSummary [--top N] PROFILE.json...");
      System.exit(2);
    }
    read(files).print(top, System.out);
  }
}
