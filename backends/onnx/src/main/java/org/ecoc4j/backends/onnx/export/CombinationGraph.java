package org.ecoc4j.backends.onnx.export;

import java.util.List;

/**
 * How the decoders combine ensemble members, as graph nodes, with the Java decoders' arithmetic:
 * one member's decision is taken as is; {@code map} sums the members' float posteriors in member
 * order and takes the first largest, confidence sum / M; {@code vote} counts the accepting
 * members' classes, breaks ties by the larger summed member confidence and then the lower class
 * (the first largest of {@code votes * (M + 1) + confidence}, exact in double since the summed
 * confidence is at most M), confidence votes / M. Every member rejecting rejects the sample with
 * confidence 0. The scores are the summed posteriors normalized to 1 per row (all zero where every
 * member rejects), whatever the combination.
 */
final class CombinationGraph {

  /** The class output where a sample is rejected. */
  static final long REJECTED = -1;

  private CombinationGraph() {}

  /**
   * Appends the combination and writes the graph outputs.
   *
   * @param members the members' decisions, in member order
   * @param classes N
   * @param vote whether members vote (else MAP)
   * @param names the output names: scores, class, rejected, confidence
   */
  static void write(DecodingNodes g, List<MemberTensors> members, int classes, boolean vote,
      OutputNames names) {
    String summed = members.get(0).posterior();
    String anyAccepted = members.get(0).accepted();
    for (MemberTensors m : members.subList(1, members.size())) {
      summed = g.add(summed, m.posterior());
      anyAccepted = g.or(anyAccepted, m.accepted());
    }
    String zero = g.floats("zero", new float[] {0f});
    String total = g.rowSumFloat(summed, classes);
    String scores = g.where(g.greater(total, zero), g.div(summed, total), zero);
    String label;
    String confidence;
    String accepted;
    if (members.size() == 1) {
      label = members.get(0).label();
      confidence = members.get(0).confidence();
      accepted = members.get(0).accepted();
    } else {
      String count = g.floats("members", new float[] {members.size()});
      accepted = anyAccepted;
      if (vote) {
        String indices = g.classIndices(classes);
        String votes = null;
        String weight = null;
        for (MemberTensors m : members) {
          String ballot = g.toFloat(g.and(g.equal(indices, m.label()), m.accepted()));
          String weighted = g.mul(ballot, m.confidence());
          votes = votes == null ? ballot : g.add(votes, ballot);
          weight = weight == null ? weighted : g.add(weight, weighted);
        }
        String key = g.add(
            g.mul(g.toDouble(votes), g.scalar("vote_weight", members.size() + 1.0)),
            g.toDouble(weight));
        label = g.argMax(key);
        confidence = g.div(g.pick(votes, label), count);
      } else {
        label = g.argMax(summed);
        confidence = g.div(g.pick(summed, label), count);
      }
      confidence = g.where(accepted, confidence, zero);
    }
    g.opInto(names.scores(), "Identity", List.of(scores));
    g.opInto(names.decided(), "Reshape", List.of(
        g.where(accepted, label, g.longs("rejected", new long[] {REJECTED})),
        g.longs("flat", new long[] {-1}, 1)));
    g.opInto(names.rejected(), "Reshape", List.of(g.not(accepted),
        g.longs("flat", new long[] {-1}, 1)));
    g.opInto(names.confidence(), "Reshape", List.of(confidence,
        g.longs("flat", new long[] {-1}, 1)));
  }

  /**
   * The names of the combination's graph outputs.
   *
   * @param scores float [B, N]
   * @param decided int64 [B]
   * @param rejected bool [B]
   * @param confidence float [B]
   */
  record OutputNames(String scores, String decided, String rejected, String confidence) {}
}
