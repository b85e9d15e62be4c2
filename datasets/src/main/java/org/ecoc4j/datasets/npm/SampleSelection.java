package org.ecoc4j.datasets.npm;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ecoc4j.api.data.BatchCursor;
import org.ecoc4j.api.data.DatasetException;

/**
 * Which images of a package go into the training and the test split: seeded, stratified by class,
 * and disjoint.
 *
 * <p>First, exact duplicates are dropped: an image whose pixels equal an earlier image's (in class,
 * then source order) is left out, so no picture can be in both splits. Then each class's remaining
 * images are shuffled by {@code seed + label}; the test split takes the first images of that order
 * and the training split the last. With one seed, a smaller selection is therefore contained in a
 * larger one: the bundled sample's test images are among the full conversion's test images, and
 * its training images among the full training images. Finally each split is shuffled by the seed
 * so that the classes are interleaved.
 *
 * @param seed the seed of every shuffle
 * @param trainPerClass training images per class, or {@link #REST} for all images not in the test
 *     split
 * @param testPerClass test images per class, or {@link #REST} to take {@code testFraction} of each
 *     class, rounded
 * @param testFraction the fraction of each class that goes to the test split when
 *     {@code testPerClass} is {@code REST}
 */
public record SampleSelection(long seed, int trainPerClass, int testPerClass, double testFraction) {

  /** Marks a count that is derived rather than fixed. */
  public static final int REST = -1;

  /** The seed of the bundled samples and of full conversions. */
  public static final long DEFAULT_SEED = 20_240_611L;

  /** Validates the counts. */
  public SampleSelection {
    if (trainPerClass < REST || trainPerClass == 0 || testPerClass < REST || testPerClass == 0) {
      throw new IllegalArgumentException(
          "per-class counts must be positive or REST, got " + trainPerClass + " and "
              + testPerClass);
    }
    if (testPerClass == REST && !(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("test fraction must be in (0, 1), got " + testFraction);
    }
  }

  /** A balanced sample: exactly {@code train} and {@code test} images of every class. */
  public static SampleSelection balanced(long seed, int train, int test) {
    return new SampleSelection(seed, train, test, 0);
  }

  /**
   * Every unique image: {@code 1/7} of each class for testing, the rest for training, the ratio of
   * the original 60,000 / 10,000 split.
   */
  public static SampleSelection full(long seed) {
    return new SampleSelection(seed, REST, REST, 1.0 / 7);
  }

  /** The selection in words, for the manifest. */
  public String describe() {
    String test =
        testPerClass == REST
            ? "round(" + testFraction + " x class size)"
            : Integer.toString(testPerClass);
    String train =
        trainPerClass == REST ? "all remaining" : "the last " + trainPerClass;
    return "exact duplicates dropped; per class, a shuffle seeded with " + seed + " + label;"
        + " test = the first " + test + ", train = " + train + " of that order;"
        + " each split then shuffled with seed " + seed;
  }

  /**
   * Chooses the images.
   *
   * @param byClass the package's images, one list per class
   * @param source the package, for error messages
   * @throws DatasetException if a class has too few unique images for the counts
   */
  public Selected select(List<List<SourceImage>> byClass, String source) {
    Set<ByteBuffer> seen = new HashSet<>();
    List<SourceImage> train = new ArrayList<>();
    List<SourceImage> test = new ArrayList<>();
    int duplicates = 0;
    for (int label = 0; label < byClass.size(); label++) {
      List<SourceImage> unique = new ArrayList<>();
      for (SourceImage image : byClass.get(label)) {
        if (seen.add(ByteBuffer.wrap(image.pixels()))) {
          unique.add(image);
        } else {
          duplicates++;
        }
      }
      int n = unique.size();
      int testCount =
          testPerClass == REST ? (int) Math.round(n * testFraction) : testPerClass;
      int trainCount = trainPerClass == REST ? n - testCount : trainPerClass;
      if (testCount < 1 || trainCount < 1 || testCount + trainCount > n) {
        throw new DatasetException(
            source,
            "class " + label + " has " + n + " unique images, too few for " + trainCount
                + " training and " + testCount + " test images");
      }
      int[] order = BatchCursor.permutation(n, seed + label);
      for (int k = 0; k < testCount; k++) {
        test.add(unique.get(order[k]));
      }
      for (int k = n - trainCount; k < n; k++) {
        train.add(unique.get(order[k]));
      }
    }
    return new Selected(shuffled(train, seed), shuffled(test, seed), duplicates);
  }

  private static List<SourceImage> shuffled(List<SourceImage> images, long seed) {
    int[] order = BatchCursor.permutation(images.size(), seed);
    List<SourceImage> result = new ArrayList<>(images.size());
    for (int index : order) {
      result.add(images.get(index));
    }
    return result;
  }

  /**
   * The chosen images.
   *
   * @param train the training images, in their final order
   * @param test the test images, in their final order
   * @param duplicatesDropped how many images were left out as exact duplicates
   */
  public record Selected(List<SourceImage> train, List<SourceImage> test, int duplicatesDropped) {}
}
