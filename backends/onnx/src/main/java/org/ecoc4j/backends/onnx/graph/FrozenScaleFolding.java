package org.ecoc4j.backends.onnx.graph;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Folds the per-channel scales and shifts that follow a convolution of fixed weights into the
 * convolution. Output channel m of {@code Conv(x, W, B)} is its own kernel {@code W[m]} applied to
 * x plus {@code B[m]}, so for [1, M, 1, 1] tensors s and r
 *
 * <pre>
 *   Conv(x, W, B) * s = Conv(x, W * s', B * s'')      Conv(x, W, B) + r = Conv(x, W, B + r'')
 * </pre>
 *
 * <p>with s' the same values as [M, 1, 1, 1] and s'', r'' as [M] (a missing bias takes r''). That
 * is inference-mode batch normalization after a convolution ({@link
 * GraphBuilder#batchNormInference}: {@code x * a + b}): folded, it costs no pass over the
 * activations, and in a graph differentiated afterwards no pass over their gradients either,
 * since the input gradient of the folded convolution carries the scale in its kernel. ONNX
 * Runtime folds such a scale into a convolution of constant weights by itself, but only in the
 * forward pass: the gradient's {@code dY * s} stays a pass of its own.
 *
 * <p>Folded is a chain that starts at a plain {@code Conv} (any window and groups) whose weights
 * and bias depend on no graph input (frozen parameters, and what is computed from them alone,
 * which a runtime computes once), followed by {@code Mul}s and {@code Add}s, each of the previous
 * tensor and such a [1, M, 1, 1] float tensor, where nothing else reads the previous tensor and
 * it is no graph output. The new convolution reads weights and bias computed from the old ones in
 * the graph (a {@code Mul} by the scale, an {@code Add} of the shift) and takes the last tensor's
 * name ({@link GraphBuilder#replace}), so whatever reads it is unchanged. The values are those of
 * the chain up to rounding: {@code (x . W) s} against {@code x . (W s)}.
 */
public final class FrozenScaleFolding {

  private FrozenScaleFolding() {}

  /**
   * Folds every such chain in {@code g}.
   *
   * @return the number of {@code Mul}s and {@code Add}s folded away
   */
  public static int fold(GraphBuilder g) {
    int folded = 0;
    Optional<Chain> next;
    while ((next = firstChain(g)).isPresent()) {
      fold(g, next.get());
      folded += next.get().steps().size();
    }
    return folded;
  }

  /** A convolution and the Mul and Add nodes after it, each with its per-channel operand. */
  private record Chain(NodeProto conv, List<NodeProto> steps, List<String> operands) {}

  private static Optional<Chain> firstChain(GraphBuilder g) {
    List<NodeProto> nodes = g.nodes();
    Set<String> varying = varying(g, nodes);
    Map<String, List<NodeProto>> readers = new HashMap<>();
    nodes.forEach(n -> n.getInputList()
        .forEach(i -> readers.computeIfAbsent(i, k -> new ArrayList<>()).add(n)));
    Set<String> outputs = new HashSet<>(g.outputs());
    for (NodeProto node : nodes) {
      if (!isFrozenConv(g, node, varying)) {
        continue;
      }
      String t = node.getOutput(0);
      TensorInfo shape = g.info(t);
      List<NodeProto> steps = new ArrayList<>();
      List<String> operands = new ArrayList<>();
      while (!outputs.contains(t) && readers.getOrDefault(t, List.of()).size() == 1) {
        NodeProto step = readers.get(t).get(0);
        String operand = perChannelOperand(g, step, t, shape, varying);
        if (operand == null) {
          break;
        }
        steps.add(step);
        operands.add(operand);
        t = step.getOutput(0);
      }
      if (!steps.isEmpty()) {
        return Optional.of(new Chain(node, steps, operands));
      }
    }
    return Optional.empty();
  }

  /** Tensors that depend on a graph input. */
  private static Set<String> varying(GraphBuilder g, List<NodeProto> nodes) {
    Set<String> varying = new HashSet<>(g.inputs());
    for (NodeProto node : nodes) {
      if (node.getInputList().stream().anyMatch(varying::contains)) {
        varying.addAll(node.getOutputList());
      }
    }
    return varying;
  }

  private static boolean isFrozenConv(GraphBuilder g, NodeProto node, Set<String> varying) {
    if (!node.getOpType().equals("Conv") || !node.getDomain().isEmpty()
        || node.getInputCount() < 2 || node.getInputCount() > 3 || node.getOutputCount() != 1) {
      return false;
    }
    for (String parameter : node.getInputList().subList(1, node.getInputCount())) {
      if (varying.contains(parameter)
          || (!parameter.isEmpty() && g.info(parameter).elementType() != ElementType.FLOAT)) {
        return false;
      }
    }
    TensorInfo out = g.info(node.getOutput(0));
    return out.rank() == 4 && out.dim(1) > 0 && !node.getInput(1).isEmpty();
  }

  /**
   * The operand of {@code step} other than {@code t} when {@code step} is a Mul or Add of {@code
   * t} and a fixed [1, M, 1, 1] float tensor with an output of t's shape; else null.
   */
  private static String perChannelOperand(
      GraphBuilder g, NodeProto step, String t, TensorInfo shape, Set<String> varying) {
    boolean known = step.getOpType().equals("Mul") || step.getOpType().equals("Add");
    if (!known || !step.getDomain().isEmpty() || step.getInputCount() != 2
        || step.getOutputCount() != 1 || !g.info(step.getOutput(0)).equals(shape)) {
      return null;
    }
    int at = step.getInput(0).equals(t) ? 1 : 0;
    String operand = step.getInput(at);
    boolean perChannel =
        g.info(operand).equals(TensorInfo.floats(1, shape.dim(1), 1, 1));
    return step.getInput(1 - at).equals(t) && !operand.equals(t) && !varying.contains(operand)
        && perChannel ? operand : null;
  }

  private static void fold(GraphBuilder g, Chain chain) {
    int mark = g.nodeCount();
    NodeProto conv = chain.conv();
    long m = g.info(conv.getOutput(0)).dim(1);
    String w = conv.getInput(1);
    String b = conv.getInputCount() == 3 && !conv.getInput(2).isEmpty() ? conv.getInput(2) : null;
    for (int i = 0; i < chain.steps().size(); i++) {
      String operand = chain.operands().get(i);
      if (chain.steps().get(i).getOpType().equals("Mul")) {
        w = g.mul(w, g.reshape(operand, m, 1, 1, 1));
        b = b == null ? null : g.mul(b, g.reshape(operand, m));
      } else {
        b = b == null ? g.reshape(operand, m) : g.add(b, g.reshape(operand, m));
      }
    }
    List<String> in = b == null ? List.of(conv.getInput(0), w) : List.of(conv.getInput(0), w, b);
    String last = chain.steps().get(chain.steps().size() - 1).getOutput(0);
    String folded = g.node("Conv", "", in, List.of("folded_conv"), List.of(g.info(last)),
        conv.getAttributeList()).get(0);
    List<NodeProto> old = new ArrayList<>();
    old.add(conv);
    old.addAll(chain.steps());
    g.replace(old, mark, Map.of(last, folded));
  }
}
