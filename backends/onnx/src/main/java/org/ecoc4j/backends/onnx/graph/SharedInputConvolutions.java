package org.ecoc4j.backends.onnx.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Merges convolutions that read the same input into one: the members of an ensemble all convolve
 * the images, and {@code Conv(x, W_i, b_i)} for i = 1..M is {@code Split(Conv(x, Concat(W_i),
 * Concat(b_i)))} along the channels, exactly, since every output channel of a convolution depends
 * on its own kernel only. A convolution that lays out the input's windows as a matrix (im2col)
 * then does so once instead of M times, in the forward pass and in its weight gradient.
 *
 * <p>Merged are plain {@code Conv} nodes (one group) on the same input with the same attributes,
 * the same kernel shape and input channels, all with or all without a bias, whose weights and
 * biases are graph inputs or initializers (the parameters, so that their {@code Concat} can stand
 * where the first convolution stood) and whose numbers of output channels the caller accepts.
 * Their outputs keep their names ({@link GraphBuilder#replace}): they become the outputs of the
 * {@code Split}.
 */
public final class SharedInputConvolutions {

  private SharedInputConvolutions() {}

  /**
   * Merges each set of two or more such convolutions in {@code g}.
   *
   * @param outputChannels whether a convolution with that many output channels may be merged
   *     (for example only those that do not run as blocked kernels, which need no im2col)
   * @return the number of convolutions merged away (a set of M counts M - 1)
   */
  public static int merge(GraphBuilder g, LongPredicate outputChannels) {
    int merged = 0;
    Optional<List<NodeProto>> next;
    while ((next = firstSet(g, outputChannels)).isPresent()) {
      merge(g, next.get());
      merged += next.get().size() - 1;
    }
    return merged;
  }

  /** What convolutions must share to be merged. */
  private record Key(String input, List<Long> kernel, boolean bias, List<ByteString> attributes) {}

  private static Optional<List<NodeProto>> firstSet(GraphBuilder g, LongPredicate outputChannels) {
    Set<String> made = new HashSet<>();
    g.nodes().forEach(n -> made.addAll(n.getOutputList()));
    Map<Key, List<NodeProto>> sets = new LinkedHashMap<>();
    for (NodeProto node : g.nodes()) {
      if (mergeable(g, node, made, outputChannels)) {
        sets.computeIfAbsent(key(g, node), k -> new ArrayList<>()).add(node);
      }
    }
    return sets.values().stream().filter(s -> s.size() > 1).findFirst();
  }

  private static boolean mergeable(
      GraphBuilder g, NodeProto node, Set<String> made, LongPredicate outputChannels) {
    if (!node.getOpType().equals("Conv") || !node.getDomain().isEmpty()
        || node.getInputCount() < 2 || node.getInputCount() > 3 || node.getOutputCount() != 1) {
      return false;
    }
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals("group") && a.getI() != 1) {
        return false;
      }
    }
    for (String parameter : node.getInputList().subList(1, node.getInputCount())) {
      if (parameter.isEmpty() || made.contains(parameter) || !g.info(parameter).isStatic()) {
        return false;
      }
    }
    TensorInfo weights = g.info(node.getInput(1));
    return weights.rank() == 4 && g.info(node.getOutput(0)).rank() == 4
        && outputChannels.test(weights.dim(0));
  }

  private static Key key(GraphBuilder g, NodeProto node) {
    long[] w = g.info(node.getInput(1)).dims();
    List<ByteString> attributes = node.getAttributeList().stream()
        .sorted(Comparator.comparing(AttributeProto::getName))
        .map(AttributeProto::toByteString)
        .toList();
    return new Key(node.getInput(0), List.of(w[1], w[2], w[3]), node.getInputCount() == 3,
        attributes);
  }

  private static void merge(GraphBuilder g, List<NodeProto> set) {
    int mark = g.nodeCount();
    NodeProto first = set.get(0);
    long[] sizes = new long[set.size()];
    List<String> weights = new ArrayList<>();
    List<String> biases = new ArrayList<>();
    for (int i = 0; i < set.size(); i++) {
      NodeProto node = set.get(i);
      weights.add(node.getInput(1));
      if (node.getInputCount() == 3) {
        biases.add(node.getInput(2));
      }
      sizes[i] = g.info(node.getInput(1)).dim(0);
    }
    List<String> in = new ArrayList<>(List.of(first.getInput(0), g.concat(0, weights)));
    if (!biases.isEmpty()) {
      in.add(g.concat(0, biases));
    }
    TensorInfo one = g.info(first.getOutput(0));
    long[] dims = one.dims();
    dims[1] = g.info(in.get(1)).dim(0);
    String merged = g.node("Conv", "", in, List.of("merged_conv"), List.of(one.withDims(dims)),
        first.getAttributeList()).get(0);
    List<String> parts = g.split(merged, 1, sizes);
    Map<String, String> successors = new LinkedHashMap<>();
    for (int i = 0; i < set.size(); i++) {
      successors.put(set.get(i).getOutput(0), parts.get(i));
    }
    g.replace(set, mark, successors);
  }
}
