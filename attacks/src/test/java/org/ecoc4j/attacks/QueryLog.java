package org.ecoc4j.attacks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.data.ImageShape;

/**
 * Wraps an oracle and records, for every query, each sample's loss and the norm of its
 * perturbation from the clean images; it also records each queried pixel outside the budget's
 * range. Counts loss-only and gradient queries apart.
 */
final class QueryLog implements GradientOracle {

  private final GradientOracle inner;
  private final Budget budget;
  private final float[] clean;
  final List<float[]> losses = new ArrayList<>();
  final List<double[]> norms = new ArrayList<>();
  final List<String> outsideRange = new ArrayList<>();
  int gradientCalls;

  QueryLog(GradientOracle inner, Budget budget, float[] clean) {
    this.inner = inner;
    this.budget = budget;
    this.clean = clean;
  }

  @Override
  public ImageShape inputShape() {
    return inner.inputShape();
  }

  @Override
  public int maxBatch() {
    return inner.maxBatch();
  }

  @Override
  public void lossAndGradient(float[] images, int[] labels, float[] lossesOut, float[] gradientOut) {
    gradientCalls++;
    inner.lossAndGradient(images, labels, lossesOut, gradientOut);
    record(images, labels.length, lossesOut);
  }

  @Override
  public void losses(float[] images, int[] labels, float[] lossesOut) {
    inner.losses(images, labels, lossesOut);
    record(images, labels.length, lossesOut);
  }

  private void record(float[] images, int batch, float[] lossesOut) {
    int size = inner.inputShape().size();
    double[] norm = new double[batch];
    for (int b = 0; b < batch; b++) {
      float[] delta = new float[size];
      for (int i = 0; i < size; i++) {
        float x = images[b * size + i];
        if (!(x >= budget.lower() && x <= budget.upper())) {
          outsideRange.add("query " + losses.size() + " sample " + b + " pixel " + i + " = " + x);
        }
        delta[i] = x - clean[b * size + i];
      }
      norm[b] = budget.norm().of(delta, 0, size);
    }
    losses.add(Arrays.copyOf(lossesOut, batch));
    norms.add(norm);
  }

  @Override
  public void close() {
    inner.close();
  }
}
