package org.ecoc4j.examples.plugin;

import java.util.Arrays;
import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.decoding.Rejection;

/** {@link HardHammingDecoder} bound to codebooks; keeps one scratch row of distances. */
final class PreparedHardHamming implements PreparedDecoder {

  private final int classes;
  private final int members;
  private final int length;
  /** Member-major digits: {@code digits[(m * classes + c) * length + j]}. */
  private final byte[] digits;
  private final int maxErrors;
  private final int[] distances;

  PreparedHardHamming(List<Codebook> codebooks, int maxErrors) {
    if (codebooks == null || codebooks.isEmpty()) {
      throw new IllegalArgumentException("example-hamming needs at least one codebook");
    }
    Codebook first = codebooks.get(0);
    this.classes = first.classes();
    this.members = codebooks.size();
    this.length = first.length();
    this.maxErrors = maxErrors;
    this.digits = new byte[members * classes * length];
    for (int m = 0; m < members; m++) {
      Codebook codebook = codebooks.get(m);
      if (codebook.classes() != classes || codebook.length() != length) {
        throw new IllegalArgumentException(
            "member " + m + " has " + codebook.classes() + " x " + codebook.length()
                + ", member 0 has " + classes + " x " + length);
      }
      for (int c = 0; c < classes; c++) {
        for (int j = 0; j < length; j++) {
          digits[(m * classes + c) * length + j] = (byte) (codebook.bit(c, j) > 0 ? 1 : 0);
        }
      }
    }
    this.distances = new int[classes];
  }

  @Override
  public int classes() {
    return classes;
  }

  @Override
  public int members() {
    return members;
  }

  @Override
  public int codeLength() {
    return length;
  }

  @Override
  public void decode(float[] outputs, int offset, int batch, Decisions into) {
    check(outputs, offset, batch);
    into.resize(batch);
    for (int b = 0; b < batch; b++) {
      distances(outputs, offset + b * outputWidth(), b);
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (distances[c] < distances[best]) {
          best = c;
        }
      }
      float confidence = posterior(best);
      if (distances[best] > maxErrors) {
        into.reject(b, Rejection.TOO_MANY_ERRORS, confidence);
      } else {
        into.accept(b, best, confidence);
      }
    }
  }

  @Override
  public void posteriors(float[] outputs, int offset, int batch, float[] into) {
    check(outputs, offset, batch);
    if (into.length < batch * classes) {
      throw new IllegalArgumentException(
          "posteriors need " + batch * classes + " floats, got " + into.length);
    }
    for (int b = 0; b < batch; b++) {
      distances(outputs, offset + b * outputWidth(), b);
      for (int c = 0; c < classes; c++) {
        into[b * classes + c] = posterior(c);
      }
    }
  }

  private void distances(float[] outputs, int start, int sample) {
    Arrays.fill(distances, 0);
    for (int m = 0; m < members; m++) {
      for (int j = 0; j < length; j++) {
        float value = outputs[start + m * length + j];
        if (Float.isNaN(value)) {
          throw new IllegalArgumentException("output " + (m * length + j) + " of sample " + sample + " is NaN");
        }
        int digit = value > 0 ? 1 : 0;
        for (int c = 0; c < classes; c++) {
          if (digits[(m * classes + c) * length + j] != digit) {
            distances[c]++;
          }
        }
      }
    }
  }

  /** exp(-d_c) normalized over the classes, computed relative to the nearest class. */
  private float posterior(int c) {
    int nearest = Integer.MAX_VALUE;
    for (int d : distances) {
      nearest = Math.min(nearest, d);
    }
    double sum = 0;
    for (int d : distances) {
      sum += Math.exp(nearest - d);
    }
    return (float) (Math.exp(nearest - distances[c]) / sum);
  }

  private void check(float[] outputs, int offset, int batch) {
    if (batch < 0 || offset < 0 || (long) offset + (long) batch * outputWidth() > outputs.length) {
      throw new IllegalArgumentException(
          "a batch of " + batch + " samples from offset " + offset + " needs "
              + ((long) offset + (long) batch * outputWidth()) + " floats, got " + outputs.length);
    }
  }
}
