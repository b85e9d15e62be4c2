package org.ecoc4j.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.plugin.OptionSpec;

/** An attack that leaves the images unchanged and records the labels and seeds it is given. */
final class LabelRecorder implements Attack, PreparedAttack {

  private final List<int[]> labels = new ArrayList<>();
  private final List<Long> seeds = new ArrayList<>();

  /** How many calls were recorded. */
  int calls() {
    return labels.size();
  }

  /**
   * The labels of every sample as seen by the {@code k}-th call of each batch (calls come batch
   * by batch, {@code perBatch} per batch).
   */
  int[] labelsOfCall(int k, int batch, int perBatch, int samples) {
    int[] all = new int[samples];
    int batches = (samples + batch - 1) / batch;
    for (int i = 0; i < batches; i++) {
      int[] seen = labels.get(i * perBatch + k);
      System.arraycopy(seen, 0, all, i * batch, seen.length);
    }
    return all;
  }

  /** The seed of the {@code call}-th call. */
  long seedOfCall(int call) {
    return seeds.get(call);
  }

  @Override
  public String name() {
    return "recorder";
  }

  @Override
  public String description() {
    return "records the labels it is given";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public boolean usesGradients() {
    return true;
  }

  @Override
  public PreparedAttack prepare(Map<String, String> options) {
    return this;
  }

  @Override
  public void perturb(GradientOracle oracle, Budget budget, Goal goal, float[] images,
      int[] labels, long seed, float[] adversarial) {
    this.labels.add(labels.clone());
    seeds.add(seed);
    System.arraycopy(images, 0, adversarial, 0, images.length);
  }
}
