package org.ecoc4j.datasets.npm;

import java.io.IOException;
import java.io.InputStream;
import org.ecoc4j.api.data.DatasetException;

/** The next {@code size} bytes of a stream, as a stream that ends there and never closes it. */
final class BoundedStream extends InputStream {

  private final InputStream in;
  private long remaining;

  BoundedStream(InputStream in, long size) {
    this.in = in;
    this.remaining = size;
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int b = in.read();
    if (b >= 0) {
      remaining--;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int n = in.read(buffer, offset, (int) Math.min(length, remaining));
    if (n > 0) {
      remaining -= n;
    }
    return n;
  }

  /** Skips what the handler left unread; fails when the archive ends first. */
  void skipRest(String source) throws IOException {
    if (!skipFully(in, remaining)) {
      throw new DatasetException(source, "truncated tar archive: an entry ends early");
    }
    remaining = 0;
  }

  @Override
  public void close() {
    // the archive stream stays open for the next entry
  }

  /** Skips exactly {@code count} bytes; {@code false} when the stream ends first. */
  static boolean skipFully(InputStream in, long count) throws IOException {
    long left = count;
    byte[] scratch = null;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (scratch == null) {
          scratch = new byte[8192];
        }
        int n = in.read(scratch, 0, (int) Math.min(scratch.length, left));
        if (n < 0) {
          return false;
        }
        skipped = n;
      }
      left -= skipped;
    }
    return true;
  }
}
