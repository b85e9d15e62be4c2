package org.ecoc4j.datasets.npm;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.ecoc4j.api.data.DatasetException;

/**
 * Reads the regular files of a tar archive (the POSIX ustar format npm writes, with pax and GNU
 * long names) with Apache Commons Compress, handing each file's content to a handler, within
 * {@link ArchiveLimits}: a header, an entry, the whole archive or the number of entries past its
 * bound fails before the bytes are read.
 *
 * <p>A corrupt header or a truncated archive fails with a {@link DatasetException} that names the
 * archive.
 */
public final class TarReader {

  /** Receives each regular file of the archive. */
  @FunctionalInterface
  public interface EntryHandler {
    /**
     * Handles one file; may read any part of {@code content}, which ends at the entry's end.
     *
     * @throws IOException if reading fails
     */
    void entry(String name, long size, InputStream content) throws IOException;
  }

  private TarReader() {}

  /**
   * Reads every entry of the uncompressed tar stream {@code in} within the default limits.
   *
   * @see #read(InputStream, String, ArchiveLimits, EntryHandler)
   */
  public static void read(InputStream in, String source, EntryHandler handler) throws IOException {
    read(in, source, ArchiveLimits.DEFAULT, handler);
  }

  /**
   * Reads every entry of the uncompressed tar stream {@code in}.
   *
   * @param source the archive's name for error messages
   * @throws DatasetException for corrupt headers, a truncated archive or a bound exceeded
   * @throws IOException if reading fails or the handler fails
   */
  public static void read(
      InputStream in, String source, ArchiveLimits limits, EntryHandler handler)
      throws IOException {
    BoundedTarStream tar = new BoundedTarStream(new TotalLimit(in, source, limits), source, limits);
    int entries = 0;
    while (true) {
      TarArchiveEntry entry = next(tar, source);
      if (entry == null) {
        return;
      }
      if (++entries > limits.maxEntries()) {
        throw new DatasetException(
            source, "tar archive has more than " + limits.maxEntries() + " entries");
      }
      if (!entry.isFile()) {
        continue;
      }
      if (entry.getSize() > limits.maxEntryBytes()) {
        throw new DatasetException(source, "tar entry " + entry.getName() + " declares "
            + entry.getSize() + " bytes, more than the limit of " + limits.maxEntryBytes());
      }
      handler.entry(
          entry.getName(), entry.getSize(), new EntryContent(tar, source, entry.getName()));
    }
  }

  private static TarArchiveEntry next(TarArchiveInputStream tar, String source)
      throws IOException {
    try {
      return tar.getNextEntry();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new DatasetException(source, "corrupt tar archive: " + e.getMessage(), e);
    } catch (DatasetException e) {
      throw e;
    } catch (IOException e) {
      if (e.getCause() instanceof DatasetException limit) {
        throw limit;
      }
      throw new DatasetException(source, "corrupt or truncated tar archive: " + e.getMessage(), e);
    }
  }

  /**
   * Commons Compress's reader that refuses a pax or GNU long-name header larger than the limit
   * before reading it: it reads such headers through {@link #read(byte[], int, int)} and
   * {@link #getLongNameData()} while the header is the current entry.
   */
  private static final class BoundedTarStream extends TarArchiveInputStream {
    private final String source;
    private final ArchiveLimits limits;

    BoundedTarStream(InputStream in, String source, ArchiveLimits limits) {
      super(in);
      this.source = source;
      this.limits = limits;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      checkHeader();
      return super.read(buffer, offset, length);
    }

    @Override
    protected byte[] getLongNameData() throws IOException {
      checkHeader();
      return super.getLongNameData();
    }

    private void checkHeader() {
      TarArchiveEntry entry = getCurrentEntry();
      if (entry != null
          && (entry.isPaxHeader() || entry.isGlobalPaxHeader() || entry.isGNULongNameEntry()
              || entry.isGNULongLinkEntry())
          && entry.getSize() > limits.maxHeaderBytes()) {
        throw new DatasetException(source, "tar header entry " + entry.getName() + " declares "
            + entry.getSize() + " bytes, more than the limit of " + limits.maxHeaderBytes());
      }
    }
  }

  /** The archive stream, failing once more than the total limit has been read from it. */
  private static final class TotalLimit extends java.io.FilterInputStream {
    private final String source;
    private final long limit;
    private long read;

    TotalLimit(InputStream in, String source, ArchiveLimits limits) {
      super(in);
      this.source = source;
      this.limit = limits.maxTotalBytes();
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count(skipped);
      return skipped;
    }

    private void count(long n) {
      read += n;
      if (read > limit) {
        throw new DatasetException(
            source, "tar archive is larger than the limit of " + limit + " bytes uncompressed");
      }
    }
  }

  /**
   * The current entry's content: a corrupt or truncated archive fails naming it; closing it leaves
   * the archive open for the next entry.
   */
  private static final class EntryContent extends java.io.FilterInputStream {
    private final String source;
    private final String name;

    EntryContent(InputStream tar, String source, String name) {
      super(tar);
      this.source = source;
      this.name = name;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      try {
        return super.read(buffer, offset, length);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return super.skip(n);
      } catch (IOException e) {
        throw failed(e);
      }
    }

    private DatasetException failed(IOException e) {
      return new DatasetException(
          source, "corrupt or truncated tar archive inside entry " + name + ": " + e.getMessage(),
          e);
    }

    @Override
    public void close() {
      // the archive stays open for the next entry
    }
  }
}
