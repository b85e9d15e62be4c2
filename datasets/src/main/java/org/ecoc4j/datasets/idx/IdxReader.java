package org.ecoc4j.datasets.idx;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.ecoc4j.api.data.DatasetException;

/**
 * Reads IDX files of unsigned bytes ({@code *-ubyte}, the MNIST and Fashion-MNIST format), plain or
 * gzip-compressed (recognized by its magic bytes).
 *
 * <p>The whole file is validated: the magic number (two zero bytes, type {@code 0x08} for unsigned
 * bytes, the dimension count), the dimensions, that exactly the declared number of values follows
 * and nothing after them. Memory grows with the bytes actually read, so a header that claims more
 * data than the file holds fails as truncated instead of allocating the claim.
 */
public final class IdxReader {

  /** The largest number of values one IDX array may hold. */
  public static final long MAX_VALUES = Integer.MAX_VALUE - 8;

  private static final int UNSIGNED_BYTE = 0x08;

  private IdxReader() {}

  /**
   * Reads and validates the IDX file at {@code file}.
   *
   * @param expectedDimensions the dimension count the caller needs (3 for images, 1 for labels)
   * @throws DatasetException naming the file and the problem
   */
  public static IdxArray read(Path file, int expectedDimensions) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString(), expectedDimensions);
    } catch (NoSuchFileException e) {
      throw new DatasetException(file.toString(), "file not found");
    } catch (IOException e) {
      throw new DatasetException(file.toString(), "cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads and validates one IDX array from {@code raw}, which is gzip-compressed or plain.
   *
   * @param source the name used in error messages (a path or a resource name)
   * @param expectedDimensions the dimension count the caller needs
   * @throws DatasetException naming the source and the problem
   */
  public static IdxArray read(InputStream raw, String source, int expectedDimensions) {
    try {
      BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
      buffered.mark(2);
      int first = buffered.read();
      int second = buffered.read();
      buffered.reset();
      boolean gzip = first == 0x1f && second == 0x8b;
      InputStream in = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
      return parse(new DataInputStream(in), source, expectedDimensions);
    } catch (ZipException e) {
      throw new DatasetException(source, "corrupt gzip data (" + e.getMessage() + ")", e);
    } catch (EOFException e) {
      throw new DatasetException(source, "truncated: the data ends early (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new DatasetException(source, "cannot read: " + e.getMessage(), e);
    }
  }

  private static IdxArray parse(DataInputStream in, String source, int expectedDimensions)
      throws IOException {
    int magic = headerInt(in, source);
    int type = (magic >>> 8) & 0xff;
    int dimensionCount = magic & 0xff;
    if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dimensionCount != expectedDimensions) {
      throw new DatasetException(
          source,
          String.format(
              "wrong magic number 0x%08x: expected 0x%08x (unsigned bytes, %d dimension%s)",
              magic, (UNSIGNED_BYTE << 8) | expectedDimensions, expectedDimensions,
              expectedDimensions == 1 ? "" : "s"));
    }
    int[] dimensions = new int[dimensionCount];
    long values = 1;
    for (int i = 0; i < dimensionCount; i++) {
      dimensions[i] = headerInt(in, source);
      if (dimensions[i] < 0) {
        throw new DatasetException(
            source, "dimension " + i + " is negative (" + dimensions[i] + ")");
      }
      values *= dimensions[i];
      if (values > MAX_VALUES) {
        throw new DatasetException(
            source, "declares more than " + MAX_VALUES + " values, too many for one array");
      }
    }
    byte[] data = in.readNBytes((int) values);
    if (data.length < values) {
      throw new DatasetException(
          source,
          "truncated: the header declares " + values + " values but only " + data.length
              + " follow");
    }
    if (in.read() != -1) {
      throw new DatasetException(
          source, "has extra bytes after the " + values + " values its header declares");
    }
    return new IdxArray(dimensions, data);
  }

  private static int headerInt(DataInputStream in, String source) throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new DatasetException(source, "truncated: the file ends inside its header", e);
    }
  }
}
