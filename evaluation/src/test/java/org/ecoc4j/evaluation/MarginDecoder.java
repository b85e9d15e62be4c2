package org.ecoc4j.evaluation;

import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.decoding.Rejection;

/** A test decoder of two scores: the larger wins, unless they differ by less than {@code tau}. */
final class MarginDecoder implements PreparedDecoder {

  private final float tau;

  MarginDecoder(float tau) {
    this.tau = tau;
  }

  @Override
  public int classes() {
    return 2;
  }

  @Override
  public int members() {
    return 1;
  }

  @Override
  public int codeLength() {
    return 2;
  }

  @Override
  public void decode(float[] outputs, int offset, int batch, Decisions into) {
    into.resize(batch);
    for (int b = 0; b < batch; b++) {
      float s0 = outputs[offset + 2 * b];
      float s1 = outputs[offset + 2 * b + 1];
      if (Math.abs(s0 - s1) < tau) {
        into.reject(b, Rejection.BELOW_THRESHOLD, 0.5f);
      } else {
        into.accept(b, s0 > s1 ? 0 : 1, 1f);
      }
    }
  }

  @Override
  public void posteriors(float[] outputs, int offset, int batch, float[] into) {
    throw new UnsupportedOperationException("not needed by the evaluator");
  }
}
