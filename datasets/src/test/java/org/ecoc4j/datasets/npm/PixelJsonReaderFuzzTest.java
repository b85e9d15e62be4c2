package org.ecoc4j.datasets.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.ecoc4j.api.data.DatasetException;

/** Mutated JSON class files give whole images or a clear error naming the file. */
class PixelJsonReaderFuzzTest {

  private static final byte[] VALID =
      "{\"data\":[[0,255,17,3],[],[9,8,7,6]]}".getBytes(StandardCharsets.UTF_8);

  @Property(tries = 500)
  void mutatedJsonGivesWholeImagesOrAClearError(
      @ForAll @IntRange(min = 0, max = 40) int position,
      @ForAll byte value,
      @ForAll boolean truncate) {
    byte[] json = VALID.clone();
    if (truncate) {
      json = java.util.Arrays.copyOf(json, position % json.length);
    } else {
      json[position % json.length] = value;
    }
    try {
      List<SourceImage> images =
          PixelJsonReader.read(new ByteArrayInputStream(json), "c.json", 2, PixelEncoding.BYTES, 4);
      for (SourceImage image : images) {
        assertEquals(4, image.pixels().length);
        assertEquals(2, image.label());
      }
    } catch (DatasetException e) {
      assertEquals("c.json", e.source());
    }
  }
}
