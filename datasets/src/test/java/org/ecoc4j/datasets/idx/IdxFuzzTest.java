package org.ecoc4j.datasets.idx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.ecoc4j.api.data.DatasetException;
import org.ecoc4j.datasets.ByteImageSplit;

/**
 * Fuzzes the IDX readers: random bytes and mutated valid files must give either a valid result or
 * a {@link DatasetException} naming the source, never another exception or a partial split.
 */
class IdxFuzzTest {

  private static final int IMAGES = 6;

  @Property(tries = 300)
  void randomBytesNeverCrashTheReader(@ForAll @Size(max = 64) byte[] bytes) {
    try {
      IdxArray array = IdxReader.read(new ByteArrayInputStream(bytes), "random", 3);
      long product = 1;
      for (int d : array.dimensions()) {
        product *= d;
      }
      assertEquals(product, array.values().length);
    } catch (DatasetException e) {
      assertEquals("random", e.source());
    }
  }

  @Property(tries = 300)
  void mutatedImageFilesGiveAWholeSplitOrAClearError(
      @ForAll boolean gzip,
      @ForAll @IntRange(min = 0, max = 4000) int cut,
      @ForAll @IntRange(min = 0, max = 4000) int position,
      @ForAll byte xor,
      @ForAll boolean truncate)
      throws IOException {
    byte[] images = encode(new IdxArray(new int[] {IMAGES, 5, 4}, pattern(IMAGES * 20)), gzip);
    byte[] labels = encode(new IdxArray(new int[] {IMAGES}, new byte[] {0, 1, 2, 0, 1, 2}), gzip);
    byte[] mutated = truncate ? Arrays.copyOf(images, Math.min(cut, images.length)) : images.clone();
    if (!truncate && mutated.length > 0) {
      mutated[position % mutated.length] ^= xor;
    }
    try {
      ByteImageSplit split =
          IdxSplitLoader.load("train", source("images", mutated), source("labels", labels), 3);
      assertEquals(IMAGES, split.size());
      assertEquals(20, split.shape().size());
    } catch (DatasetException e) {
      assertTrue(e.source().equals("images") || e.source().equals("labels"), e.getMessage());
      assertFalse(e.problem().isBlank());
    }
  }

  @Property(tries = 200)
  void mutatedLabelFilesGiveAWholeSplitOrAClearError(
      @ForAll @IntRange(min = 0, max = 13) int position, @ForAll byte value) throws IOException {
    byte[] images = encode(new IdxArray(new int[] {IMAGES, 5, 4}, pattern(IMAGES * 20)), false);
    byte[] labels = encode(new IdxArray(new int[] {IMAGES}, new byte[] {0, 1, 2, 0, 1, 2}), false);
    labels[position] = value;
    try {
      ByteImageSplit split =
          IdxSplitLoader.load("test", source("images", images), source("labels", labels), 3);
      assertEquals(IMAGES, split.size());
      for (int i = 0; i < split.size(); i++) {
        assertTrue(split.label(i) < 3);
      }
    } catch (DatasetException e) {
      assertEquals("labels", e.source());
    }
  }

  private static byte[] pattern(int length) {
    byte[] values = new byte[length];
    for (int i = 0; i < length; i++) {
      values[i] = (byte) (i * 11);
    }
    return values;
  }

  private static byte[] encode(IdxArray array, boolean gzip) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (gzip) {
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        IdxWriter.write(gz, array);
      }
    } else {
      IdxWriter.write(out, array);
    }
    return out.toByteArray();
  }

  private static IdxSource source(String name, byte[] bytes) {
    return new IdxSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(bytes);
      }
    };
  }
}
