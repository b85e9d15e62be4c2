package org.ecoc4j.backends.onnx.autodiff;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import java.util.function.UnaryOperator;
import org.ecoc4j.backends.onnx.graph.ElementType;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.SharedInputConvolutions;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.zoo.OperatorTable;

/**
 * Reverse-mode differentiation of a graph under construction: appends to it the nodes that compute
 * the gradient of a scalar loss with respect to chosen tensors (parameters, the input).
 *
 * <p>Only nodes on a path from a chosen tensor to the loss are differentiated; their operators
 * must have a {@link GradientRule}. Float tensors carry gradients; integer tensors (labels,
 * indices, shapes) never do.
 *
 * <p>The contributions to one tensor's gradient are added in order, {@code ((p0 + p1) + p2) +
 * ...}, by a chain of broadcasting {@code Add}s: ONNX Runtime splits {@code Add} over its threads
 * and runs {@code Sum} on one, and the chain makes a {@code Sum}'s additions in its order (the
 * same bits). A rule may contribute a tensor with size-1 axes where the tensor has more
 * (ReduceSum's gradient is dY with the reduced axes kept); only where the total is still smaller
 * than the tensor (no full-size contribution reached it) does an {@code Expand} make it full size.
 * Batch normalization's input gradient thus adds its per-channel term by broadcasting instead of
 * first writing it out as a full tensor. Every gradient a rule reads ({@link
 * GradientContext#outputGradient}) and every gradient returned has its tensor's shape.
 */
public final class Differentiator {

  private final Map<String, GradientRule> rules;
  private final LongPredicate mergedConvolutions;

  private Differentiator(Map<String, GradientRule> rules, LongPredicate mergedConvolutions) {
    this.rules = Map.copyOf(rules);
    this.mergedConvolutions = mergedConvolutions;
  }

  private Differentiator(Map<String, GradientRule> rules) {
    this(rules, channels -> false);
  }

  /** The rules of every operator ecoc4j differentiates: those of the {@link OperatorTable}. */
  public static Differentiator standard() {
    return new Differentiator(OperatorTable.gradientRules());
  }

  /**
   * The standard rules, except that MaxPool is differentiated by scattering into zeros
   * ({@code ScatterElements}), which has CUDA kernels and needs no fixed shape, instead of
   * ONNX Runtime's CPU-only {@code MaxPoolGrad}.
   */
  public static Differentiator portable() {
    Map<String, GradientRule> rules = new HashMap<>(standard().rules);
    rules.put("MaxPool", LayerRules::maxPoolByScatter);
    return new Differentiator(rules);
  }

  /**
   * These rules with Conv differentiated as {@code choice} says ({@link ConvGradient#CONVGRAD},
   * ONNX Runtime's {@code ConvGrad}, is what {@link #standard()} and {@link #portable()} use).
   */
  public Differentiator withConvGradient(ConvGradient choice) {
    return withRule("Conv", choice.rule());
  }

  /**
   * These rules with {@code operator} differentiated by {@code rule} (for example a Conv rule
   * that a backend parameterizes, such as {@link ConvGradientRules#smallKernelsByCorrelation}).
   */
  public Differentiator withRule(String operator, GradientRule rule) {
    Map<String, GradientRule> changed = new HashMap<>(rules);
    changed.put(operator, Objects.requireNonNull(rule, "rule"));
    return new Differentiator(changed, mergedConvolutions);
  }

  /**
   * These rules, differentiating a graph after merging its convolutions of one input ({@link
   * SharedInputConvolutions#merge}, e.g. the first layers of an ensemble's members) whose numbers
   * of output channels {@code outputChannels} accepts: the forward graph itself changes, with the
   * same values under the same names. None are merged unless asked.
   */
  public Differentiator mergingSharedInputConvolutions(LongPredicate outputChannels) {
    return new Differentiator(rules, Objects.requireNonNull(outputChannels, "outputChannels"));
  }

  /** Names of the operators this differentiator supports, sorted. */
  public Set<String> supportedOperators() {
    return new TreeSet<>(rules.keySet());
  }

  /**
   * Appends the gradient of {@code loss} with respect to each tensor of {@code wrt}.
   *
   * @param g the graph holding the forward computation (its convolutions of one input merged
   *     first where {@link #mergingSharedInputConvolutions} asks)
   * @param loss a float tensor with one element
   * @param wrt tensors to differentiate with respect to (inputs or parameters)
   * @param naming the exact name each gradient tensor must get, from the tensor's name
   * @return gradient tensor names by tensor, in the order of {@code wrt}
   * @throws IllegalArgumentException when the loss is not a scalar or does not depend on a tensor
   *     of {@code wrt}
   * @throws UnsupportedOperationException listing the operators without a rule
   */
  public Map<String, String> differentiate(
      GraphBuilder g, String loss, List<String> wrt, UnaryOperator<String> naming) {
    SharedInputConvolutions.merge(g, mergedConvolutions);
    TensorInfo lossInfo = g.info(loss);
    if (!lossInfo.isStatic() || lossInfo.elementCount() != 1) {
      throw new IllegalArgumentException("loss '" + loss + "' must be a scalar, got " + lossInfo);
    }
    List<NodeProto> forward = g.nodes();
    Set<String> carries = carriers(g, forward, wrt);
    Set<String> feeds = feeders(forward, loss);
    for (String w : wrt) {
      if (!feeds.contains(w)) {
        throw new IllegalArgumentException("loss '" + loss + "' does not depend on '" + w + "'");
      }
    }
    checkSupported(forward, carries, feeds);

    Map<String, List<String>> contributions = new HashMap<>();
    contributions
        .computeIfAbsent(loss, k -> new ArrayList<>())
        .add(g.constant("loss_seed", ones(lossInfo), lossInfo.dims()));
    for (int n = forward.size() - 1; n >= 0; n--) {
      NodeProto node = forward.get(n);
      if (!differentiable(node, carries, feeds)) {
        continue;
      }
      Context context = new Context(g, node, carries, contributions);
      if (context.hasOutputGradient()) {
        rules.get(node.getOpType()).backward(context);
      }
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (String w : wrt) {
      List<String> parts = contributions.get(w);
      if (parts == null) {
        throw new IllegalStateException("no gradient reached '" + w + "' from '" + loss + "'");
      }
      String total = fullSize(g, accumulated(g, parts), w);
      result.put(w, g.identityNamed(total, naming.apply(w)));
    }
    return result;
  }

  /** {@code sum}, expanded to the shape of {@code tensor} where it broadcasts to it. */
  private static String fullSize(GraphBuilder g, String sum, String tensor) {
    if (Arrays.equals(g.info(sum).dims(), g.info(tensor).dims())) {
      return sum;
    }
    return g.expandLike(sum, tensor);
  }

  /**
   * The contributions added in order, {@code ((p0 + p1) + p2) + ...}, by a chain of broadcasting
   * {@code Add}s: ONNX Runtime's CPU {@code Sum} runs on one thread and its {@code Add} on all
   * of them, and the chain makes the same additions in the same order as a {@code Sum}.
   */
  private static String accumulated(GraphBuilder g, List<String> parts) {
    String total = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      total = g.add(total, parts.get(i));
    }
    return total;
  }

  private static float[] ones(TensorInfo info) {
    float[] values = new float[(int) info.elementCount()];
    Arrays.fill(values, 1f);
    return values;
  }

  private static boolean differentiable(NodeProto node, Set<String> carries, Set<String> feeds) {
    boolean anyInput = false;
    for (String in : node.getInputList()) {
      anyInput |= carries.contains(in);
    }
    boolean anyOutput = false;
    for (String out : node.getOutputList()) {
      anyOutput |= feeds.contains(out) && carries.contains(out);
    }
    return anyInput && anyOutput;
  }

  private void checkSupported(List<NodeProto> forward, Set<String> carries, Set<String> feeds) {
    Map<String, List<String>> missing = new LinkedHashMap<>();
    for (NodeProto node : forward) {
      if (differentiable(node, carries, feeds) && !rules.containsKey(node.getOpType())) {
        missing.computeIfAbsent(node.getOpType(), k -> new ArrayList<>()).add(node.getName());
      }
    }
    if (!missing.isEmpty()) {
      throw new UnsupportedOperationException(
          "no gradient rule for " + missing + "; supported: " + supportedOperators());
    }
  }

  /** Float tensors that depend on a tensor of {@code wrt}. */
  private static Set<String> carriers(GraphBuilder g, List<NodeProto> forward, List<String> wrt) {
    Set<String> carries = new HashSet<>();
    for (String w : wrt) {
      if (!isFloat(g.info(w))) {
        throw new IllegalArgumentException("cannot differentiate with respect to " + w + ": "
            + g.info(w) + " is not a float tensor");
      }
      carries.add(w);
    }
    for (NodeProto node : forward) {
      boolean depends = false;
      for (String in : node.getInputList()) {
        depends |= carries.contains(in);
      }
      if (depends) {
        for (String out : node.getOutputList()) {
          if (!out.isEmpty() && isFloat(g.info(out))) {
            carries.add(out);
          }
        }
      }
    }
    return carries;
  }

  /** Tensors the loss depends on (the loss included). */
  private static Set<String> feeders(List<NodeProto> forward, String loss) {
    Set<String> feeds = new HashSet<>();
    feeds.add(loss);
    for (int n = forward.size() - 1; n >= 0; n--) {
      NodeProto node = forward.get(n);
      boolean used = false;
      for (String out : node.getOutputList()) {
        used |= feeds.contains(out);
      }
      if (used) {
        feeds.addAll(node.getInputList());
      }
    }
    return feeds;
  }

  private static boolean isFloat(TensorInfo info) {
    return info.elementType() == ElementType.FLOAT || info.elementType() == ElementType.DOUBLE;
  }

  /** The view of one node given to its rule. */
  private static final class Context implements GradientContext {
    private final GraphBuilder g;
    private final NodeProto node;
    private final Set<String> carries;
    private final Map<String, List<String>> contributions;
    private final Map<Integer, String> outputGradients = new HashMap<>();

    Context(
        GraphBuilder g,
        NodeProto node,
        Set<String> carries,
        Map<String, List<String>> contributions) {
      this.g = g;
      this.node = node;
      this.carries = carries;
      this.contributions = contributions;
      for (int i = 0; i < node.getOutputCount(); i++) {
        List<String> parts = contributions.get(node.getOutput(i));
        if (parts != null && !parts.isEmpty()) {
          outputGradients.put(i, fullSize(g, accumulated(g, parts), node.getOutput(i)));
        }
      }
    }

    boolean hasOutputGradient() {
      return !outputGradients.isEmpty();
    }

    @Override
    public GraphBuilder graph() {
      return g;
    }

    @Override
    public NodeProto node() {
      return node;
    }

    @Override
    public String outputGradient(int i) {
      return outputGradients.get(i);
    }

    @Override
    public boolean needsGradient(int i) {
      return i < node.getInputCount() && carries.contains(node.getInput(i));
    }

    @Override
    public void addInputGradient(int i, String gradient) {
      if (!needsGradient(i)) {
        throw new IllegalStateException(
            "rule of " + node.getOpType() + " wrote a gradient for input " + i + " that needs none");
      }
      contributions.computeIfAbsent(node.getInput(i), k -> new ArrayList<>()).add(gradient);
    }
  }
}
