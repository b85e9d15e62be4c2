package org.ecoc4j.datasets.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.ecoc4j.api.data.DatasetException;
import org.junit.jupiter.api.Test;

/** Tar archives: valid ones list their entries; random and mutated ones fail clearly. */
class TarReaderFuzzTest {

  private static byte[] sample() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/a.json", "{\"data\":[1]}".getBytes(StandardCharsets.UTF_8));
    entries.put("package/src/b.txt", new byte[700]);
    return TestPackages.tar(entries);
  }

  @Test
  void listsEntriesWithTheirContent() throws IOException {
    List<String> seen = new ArrayList<>();
    TarReader.read(
        new ByteArrayInputStream(sample()),
        "t.tar",
        (name, size, content) -> seen.add(name + ":" + size + ":" + content.readAllBytes().length));
    assertEquals(List.of("package/a.json:12:12", "package/src/b.txt:700:700"), seen);
  }

  @Property(tries = 300)
  void mutatedArchivesListEntriesOrFailNamingTheArchive(
      @ForAll @IntRange(min = 0, max = 3000) int position,
      @ForAll byte xor,
      @ForAll boolean truncate)
      throws IOException {
    byte[] tar = sample();
    byte[] mutated = truncate ? Arrays.copyOf(tar, position % tar.length) : tar.clone();
    if (!truncate) {
      mutated[position % tar.length] ^= xor;
    }
    try {
      TarReader.read(
          new ByteArrayInputStream(mutated),
          "t.tar",
          (name, size, content) -> assertTrue(content.readAllBytes().length <= size));
    } catch (DatasetException e) {
      assertEquals("t.tar", e.source());
    }
  }
}
