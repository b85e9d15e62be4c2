package org.ecoc4j.defenses;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * A defense whose M members each output N logits (one-hot outputs). It is deployed with the
 * {@code euclidean} decoder on the +1/-1 one-hot code without {@code tanh} at temperature 2:
 * since {@code b_c . o = 2 o_c - sum_j o_j}, each member's posterior is exactly {@code
 * softmax(o)}, and MAP averages the members' softmax as Pang et al. do. Its class scores are the
 * logits summed over members.
 *
 * @param name the defense's plugin name
 * @param options every option value as text
 * @param members number of members M
 * @param classes number of classes N
 * @param loss the training loss
 * @param combine how the decoder combines members: {@code map} or {@code vote}
 */
record LogitDesign(
    String name,
    Map<String, String> options,
    int members,
    int classes,
    LossSpec loss,
    String combine)
    implements PreparedDefense {

  /** Copies the options. */
  LogitDesign {
    options = Map.copyOf(options);
  }

  @Override
  public int outputsPerMember() {
    return classes;
  }

  @Override
  public List<Codebook> codebooks() {
    int[][] rows = new int[classes][classes];
    for (int c = 0; c < classes; c++) {
      for (int j = 0; j < classes; j++) {
        rows[c][j] = c == j ? 1 : -1;
      }
    }
    return new ArrayList<>(Collections.nCopies(members, Codebook.of(rows)));
  }

  @Override
  public String decoder() {
    return "euclidean";
  }

  @Override
  public Map<String, String> decoderOptions() {
    return Map.of("tanh", "false", "temperature", "2", "combine", combine);
  }

  @Override
  public Term classScores(Terms terms) {
    float[] stacked = new float[members * classes * classes];
    for (int m = 0; m < members; m++) {
      for (int c = 0; c < classes; c++) {
        stacked[(m * classes + c) * classes + c] = 1f;
      }
    }
    return terms.project(terms.outputs(), stacked, classes);
  }

  @Override
  public String adaptiveObjective() {
    return "margin";
  }
}
