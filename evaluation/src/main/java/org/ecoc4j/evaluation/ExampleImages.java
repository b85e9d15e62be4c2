package org.ecoc4j.evaluation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.ImageShape;

/**
 * The first few evaluated samples, clean and as each attack left them at the largest epsilon, with
 * the decoder's decisions: what the image grid shows. Holds at most {@code capacity} samples, so
 * its memory does not grow with the test set.
 */
public final class ExampleImages {

  private final ImageShape shape;
  private final int capacity;
  private final float[] clean;
  private final int[] labels;
  private final int[] cleanDecisions;
  private final Map<String, float[]> adversarial = new LinkedHashMap<>();
  private final Map<String, int[]> adversarialDecisions = new LinkedHashMap<>();
  private int size;

  ExampleImages(ImageShape shape, int capacity) {
    this.shape = shape;
    this.capacity = capacity;
    this.clean = new float[capacity * shape.size()];
    this.labels = new int[capacity];
    this.cleanDecisions = new int[capacity];
  }

  /** How many more samples fit. */
  int room() {
    return capacity - size;
  }

  /** Keeps clean sample {@code b} of a batch with its label and decision; returns its slot. */
  int addClean(float[] images, int b, int label, int decision) {
    int slot = size++;
    System.arraycopy(images, b * shape.size(), clean, slot * shape.size(), shape.size());
    labels[slot] = label;
    cleanDecisions[slot] = decision;
    return slot;
  }

  /** Keeps an attack's version of the sample in {@code slot}. */
  void addAdversarial(String attack, int slot, float[] images, int b, int decision) {
    float[] kept = adversarial.computeIfAbsent(attack, k -> new float[clean.length]);
    System.arraycopy(images, b * shape.size(), kept, slot * shape.size(), shape.size());
    adversarialDecisions.computeIfAbsent(attack, k -> new int[capacity])[slot] = decision;
  }

  /** The shape of each image. */
  public ImageShape shape() {
    return shape;
  }

  /** Number of samples kept. */
  public int size() {
    return size;
  }

  /** The clean images, {@code size()} of them. */
  public float[] clean() {
    return Arrays.copyOf(clean, size * shape.size());
  }

  /** True labels. */
  public int[] labels() {
    return Arrays.copyOf(labels, size);
  }

  /** Decisions on the clean images, {@code -1} for rejections. */
  public int[] cleanDecisions() {
    return Arrays.copyOf(cleanDecisions, size);
  }

  /** Names of the attacks whose images are kept, in evaluation order. */
  public List<String> attacks() {
    return List.copyOf(adversarial.keySet());
  }

  /** An attack's images at the largest epsilon. */
  public float[] adversarial(String attack) {
    return Arrays.copyOf(adversarial.get(attack), size * shape.size());
  }

  /** Decisions on an attack's images, {@code -1} for rejections. */
  public int[] adversarialDecisions(String attack) {
    return Arrays.copyOf(adversarialDecisions.get(attack), size);
  }
}
