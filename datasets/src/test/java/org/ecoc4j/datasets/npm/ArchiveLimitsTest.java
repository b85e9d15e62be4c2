package org.ecoc4j.datasets.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.DatasetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Crafted archives and JSON files that would exhaust the heap without {@link ArchiveLimits}: each
 * fails with a {@link DatasetException} naming the source and the bound, before the declared bytes
 * are read (the streams below are endless or far larger than what the test can hold).
 */
class ArchiveLimitsTest {

  private static final ArchiveLimits SMALL = new ArchiveLimits(1024, 10_000, 50_000, 5, 3);

  /** An endless stream of zero bytes: what a small gzip bomb inflates to. */
  private static InputStream endlessZeros() {
    return new InputStream() {
      @Override
      public int read() {
        return 0;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) 0);
        return len;
      }
    };
  }

  private static InputStream headerThenZeros(char type, long size) {
    return new SequenceInputStream(
        new ByteArrayInputStream(TestPackages.header("package/././@x", type, size)),
        endlessZeros());
  }

  private static DatasetException read(InputStream tar, ArchiveLimits limits) {
    return assertThrows(DatasetException.class,
        () -> TarReader.read(tar, "bomb.tar", limits,
            (name, size, content) -> content.readAllBytes()));
  }

  @ParameterizedTest(name = "type {0}")
  @ValueSource(chars = {'x', 'g', 'L', 'K'})
  void aHugeHeaderEntryIsRefusedBeforeItIsRead(char type) {
    DatasetException e = read(headerThenZeros(type, 3L << 30), ArchiveLimits.DEFAULT);
    assertEquals("bomb.tar", e.source());
    assertTrue(e.getMessage().contains("header entry") && e.getMessage().contains("3221225472"),
        e.getMessage());
  }

  @Test
  void aFileEntryLargerThanTheLimitIsRefusedBeforeItIsRead() {
    DatasetException e = read(headerThenZeros('0', 20_000), SMALL);
    assertTrue(e.getMessage().contains("declares 20000 bytes"), e.getMessage());
  }

  @Test
  void anArchiveLargerThanTheTotalLimitFails() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 4; i++) {
      entries.put("package/f" + i, new byte[9_900]);
    }
    entries.put("package/last", new byte[9_900]);
    DatasetException e =
        read(new ByteArrayInputStream(TestPackages.tar(entries)), SMALL);
    assertTrue(e.getMessage().contains("limit of 50000 bytes"), e.getMessage());
  }

  @Test
  void tooManyEntriesFail() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 6; i++) {
      entries.put("package/f" + i, new byte[1]);
    }
    DatasetException e = read(new ByteArrayInputStream(TestPackages.tar(entries)), SMALL);
    assertTrue(e.getMessage().contains("more than 5 entries"), e.getMessage());
  }

  @Test
  void archivesWithinTheLimitsAreRead() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/a", new byte[9_000]);
    entries.put("package/b", "b".getBytes(StandardCharsets.UTF_8));
    List<String> seen = new java.util.ArrayList<>();
    TarReader.read(new ByteArrayInputStream(TestPackages.tar(entries)), "ok.tar", SMALL,
        (name, size, content) -> seen.add(name + ":" + content.readAllBytes().length));
    assertEquals(List.of("package/a:9000", "package/b:1"), seen);
  }

  private static DatasetException readJson(String json, int pixels, int maxImages) {
    return assertThrows(DatasetException.class,
        () -> PixelJsonReader.read(
            new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "c.json", 0,
            PixelEncoding.BYTES, pixels, maxImages));
  }

  @Test
  void aFlatArrayOfMoreImagesThanTheLimitFailsWhileReading() {
    String json = "{\"data\":[" + "1,".repeat(4 * 4 - 1) + "1]}";
    DatasetException e = readJson(json, 4, 3);
    assertEquals("c.json", e.source());
    assertTrue(e.getMessage().contains("more than 3 images"), e.getMessage());
  }

  @Test
  void nestedImagesPastTheLimitFail() {
    String json = "{\"data\":[" + "[1,2,3,4],".repeat(3) + "[1,2,3,4]]}";
    assertTrue(readJson(json, 4, 3).getMessage().contains("more than 3 images"));
  }

  @Test
  void anImageLongerThanItsPixelsFailsAtTheFirstExtraValue() {
    String json = "{\"data\":[[" + "1,".repeat(100) + "1]]}";
    assertTrue(readJson(json, 4, 3).getMessage().contains("more than 4 values"));
  }

  @Test
  void deepNestingAndHugeNumbersFail() {
    String deep = "{\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + ",\"data\":[]}";
    assertTrue(readJson(deep, 4, 3).getMessage().contains("JSON"));
    String longNumber = "{\"data\":[" + "1".repeat(10_000) + "]}";
    assertTrue(readJson(longNumber, 4, 3).getMessage().contains("JSON"));
  }

  @Test
  void nonPositiveLimitsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ArchiveLimits(0, 1, 1, 1, 1));
  }
}
