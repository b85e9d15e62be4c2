package org.ecoc4j.backends.onnx.zoo;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.ecoc4j.backends.onnx.autodiff.ActivationRules;
import org.ecoc4j.backends.onnx.autodiff.ArithmeticRules;
import org.ecoc4j.backends.onnx.autodiff.ExponentialRules;
import org.ecoc4j.backends.onnx.autodiff.GradientRule;
import org.ecoc4j.backends.onnx.autodiff.LayerRules;
import org.ecoc4j.backends.onnx.autodiff.PoolingRules;
import org.ecoc4j.backends.onnx.autodiff.ReductionRules;
import org.ecoc4j.backends.onnx.autodiff.SelectionRules;
import org.ecoc4j.backends.onnx.autodiff.ShapeRules;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * The one table of the ONNX operators ecoc4j handles: each operator is listed once, with its parts.
 *
 * <ul>
 *   <li>import: how a node of an imported forward model is rebuilt with the {@link
 *       org.ecoc4j.backends.onnx.graph.GraphBuilder} builder of that operator ({@link OnnxImport}
 *       accepts exactly the operators with an import, folding or load part, {@link ImportedModel}
 *       dispatches on it); whether its inputs after the first are constant arguments read from the
 *       file (Clip bounds, Pad pads and value);
 *   <li>folding: when a node computes on the integer side of an imported model and how {@link
 *       ShapeFolder} evaluates it at import time;
 *   <li>load: a node {@link OnnxImport#load} reads as a constant (Constant);
 *   <li>gradient: the reverse-mode {@link GradientRule} the {@link
 *       org.ecoc4j.backends.onnx.autodiff.Differentiator} uses ({@link #gradientRules()}).
 * </ul>
 *
 * <p>Operators the graph builder emits that are neither imported nor differentiated (ArgMax, TopK,
 * Greater, Equal, Shape of a float tensor, Expand, Gather of constants, ONNX Runtime's gradient
 * kernels) carry no gradient: they sit on integer or boolean paths only, and the differentiator
 * never reaches them.
 */
public final class OperatorTable {

  /** The import part: rebuilds one node of an imported file into the graph being built. */
  @FunctionalInterface
  interface Importer {
    /**
     * @param in the node's inputs as tensors of the graph being built, {@code ""} where absent,
     *     folded or a constant argument
     * @return the tensor of the node's output
     */
    String rebuild(ImportStep step, NodeProto node, List<String> in);
  }

  /** The import part of an operator with several outputs (Split). */
  @FunctionalInterface
  interface MultiImporter {
    /**
     * @param in as for {@link Importer#rebuild}
     * @return the tensors of the node's outputs, in order
     */
    List<String> rebuild(ImportStep step, NodeProto node, List<String> in);
  }

  /**
   * The folding part: when a node is evaluated at import time, and how.
   *
   * @param applies whether the node computes on integers the folder holds
   * @param evaluation the folded value of the node's output
   */
  record Folding(BiPredicate<ShapeFolder, NodeProto> applies, FoldEvaluation evaluation) {}

  /** How a folding evaluates a node. */
  @FunctionalInterface
  interface FoldEvaluation {
    FoldedInts evaluate(ShapeFolder folder, NodeProto node, Function<String, TensorInfo> infoOf);
  }

  /** One operator and its parts; absent parts are {@code null}. */
  private record Operator(
      String name,
      MultiImporter importer,
      boolean constantArguments,
      Folding folding,
      boolean readAtLoad,
      GradientRule gradient) {}

  private static final Map<String, Operator> OPERATORS = table();

  private OperatorTable() {}

  private static Map<String, Operator> table() {
    Builder t = new Builder();
    // layers
    t.add("Conv").imports(ImportRules::conv).gradient(LayerRules.CONV);
    t.add("MaxPool").imports(ImportRules::maxPool).gradient(LayerRules.MAX_POOL);
    t.add("AveragePool").imports(ImportRules::averagePool).gradient(PoolingRules.AVERAGE_POOL);
    t.add("GlobalAveragePool")
        .imports((s, n, in) -> s.g().globalAveragePool(in.get(0)))
        .gradient(LayerRules.GLOBAL_AVERAGE_POOL);
    t.add("Gemm").imports(ImportRules::gemm).gradient(LayerRules.GEMM);
    t.add("MatMul")
        .imports((s, n, in) -> s.g().matMul(in.get(0), in.get(1)))
        .gradient(LayerRules.MAT_MUL);
    t.add("BatchNormalization").imports(ImportRules::batchNorm);
    t.add("Dropout").imports((s, n, in) -> in.get(0));
    // element-wise
    t.add("Relu").imports((s, n, in) -> s.g().relu(in.get(0))).gradient(ActivationRules.RELU);
    t.add("Tanh").imports((s, n, in) -> s.g().tanh(in.get(0))).gradient(ActivationRules.TANH);
    t.add("Sigmoid")
        .imports((s, n, in) -> s.g().sigmoid(in.get(0)))
        .gradient(ActivationRules.SIGMOID);
    t.add("Elu")
        .imports((s, n, in) -> s.g().elu(in.get(0), Attributes.floatOf(n, "alpha", 1f)))
        .gradient(ActivationRules.ELU);
    t.add("LeakyRelu")
        .imports((s, n, in) -> s.g().leakyRelu(in.get(0), Attributes.floatOf(n, "alpha", 0.01f)))
        .gradient(ActivationRules.LEAKY_RELU);
    t.add("HardSigmoid")
        .imports(ImportRules::hardSigmoid)
        .gradient(ActivationRules.HARD_SIGMOID);
    t.add("HardSwish").imports(ImportRules::hardSwish);
    t.add("Clip").imports(ImportRules::clip).constantArguments().gradient(ActivationRules.CLIP);
    t.add("Neg").gradient(ActivationRules.NEG);
    t.add("Sqrt").gradient(ActivationRules.SQRT);
    t.add("Exp").gradient(ExponentialRules.EXP);
    t.add("Log").gradient(ExponentialRules.LOG);
    t.add("Identity")
        .imports((s, n, in) -> in.get(0))
        .folds(ShapeFolder::holdsFirstInput, (f, n, info) -> f.identity(n))
        .gradient(ActivationRules.IDENTITY);
    t.add("Cast")
        .imports(ImportRules::cast)
        .folds(ShapeFolder::holdsFirstInput, (f, n, info) -> f.cast(n));
    // arithmetic
    t.add("Add")
        .imports((s, n, in) -> s.g().add(in.get(0), in.get(1)))
        .folds(ShapeFolder::holdsAnyInput, (f, n, info) -> f.arithmetic(n))
        .gradient(ArithmeticRules.ADD);
    t.add("Sub")
        .imports((s, n, in) -> s.g().sub(in.get(0), in.get(1)))
        .folds(ShapeFolder::holdsAnyInput, (f, n, info) -> f.arithmetic(n))
        .gradient(ArithmeticRules.SUB);
    t.add("Mul")
        .imports((s, n, in) -> s.g().mul(in.get(0), in.get(1)))
        .folds(ShapeFolder::holdsAnyInput, (f, n, info) -> f.arithmetic(n))
        .gradient(ArithmeticRules.MUL);
    t.add("Div")
        .imports((s, n, in) -> s.g().div(in.get(0), in.get(1)))
        .folds(ShapeFolder::holdsAnyInput, (f, n, info) -> f.arithmetic(n))
        .gradient(ArithmeticRules.DIV);
    t.add("Sum").gradient(ArithmeticRules.SUM);
    // shapes
    t.add("Flatten").imports(ImportRules::flatten).gradient(ShapeRules.FLATTEN);
    t.add("Reshape")
        .imports(ImportRules::reshape)
        .folds(ShapeFolder::holdsFirstInput, (f, n, info) -> f.reshape(n))
        .gradient(ShapeRules.RESHAPE);
    t.add("Concat")
        .imports((s, n, in) -> s.g().concat((int) Attributes.intOf(n, "axis", 0), in))
        .folds(ShapeFolder::holdsAnyInput, (f, n, info) -> f.concat(n))
        .gradient(ShapeRules.CONCAT);
    t.add("Transpose")
        .imports(ImportRules::transpose)
        .folds(ShapeFolder::holdsFirstInput, (f, n, info) -> f.transpose(n))
        .gradient(ShapeRules.TRANSPOSE);
    t.add("Pad").imports(ImportRules::pad).constantArguments().gradient(ShapeRules.PAD);
    t.add("Split").importsAll(ImportRules::split).gradient(SelectionRules.SPLIT);
    t.add("Where").gradient(SelectionRules.WHERE);
    t.add("Shape").imports(ImportRules::shapesOnly).folds((f, n) -> true, ShapeFolder::shape);
    t.add("Gather")
        .imports(ImportRules::gather)
        .folds(ShapeFolder::holdsFirstInput, (f, n, info) -> f.gather(n));
    t.add("Unsqueeze")
        .imports(ImportRules::unsqueeze)
        .folds(ShapeFolder::holdsFirstInput, (f, n, info) -> f.unsqueeze(n));
    t.add("Squeeze")
        .imports(ImportRules::squeeze)
        .folds(ShapeFolder::holdsFirstInput, (f, n, info) -> f.squeeze(n));
    t.add("Slice")
        .imports(ImportRules::slice)
        .folds(ShapeFolder::holdsFirstInput, (f, n, info) -> f.slice(n))
        .gradient(ShapeRules.SLICE);
    t.add("ConstantOfShape")
        .imports(ImportRules::constantOfShape)
        .folds((f, n) -> ShapeFolder.fillsIntegers(n), (f, n, info) -> f.constantOfShape(n));
    t.add("Constant").readAtLoad();
    // reductions
    t.add("ReduceSum").imports(ImportRules::reduce).gradient(ReductionRules.REDUCE_SUM);
    t.add("ReduceMean").imports(ImportRules::reduce).gradient(ReductionRules.REDUCE_MEAN);
    t.add("ReduceSumSquare").gradient(ReductionRules.REDUCE_SUM_SQUARE);
    t.add("Softmax").imports(ImportRules::softmax).gradient(ReductionRules.SOFTMAX);
    t.add("LogSoftmax").imports(ImportRules::softmax).gradient(ReductionRules.LOG_SOFTMAX);
    return t.build();
  }

  /** The operators an imported model may use: those with an import, folding or load part. */
  public static Set<String> importable() {
    Set<String> names = new TreeSet<>();
    OPERATORS.values().stream()
        .filter(op -> op.importer != null || op.folding != null || op.readAtLoad)
        .forEach(op -> names.add(op.name));
    return Collections.unmodifiableSet(names);
  }

  /** The operators folded at import time (on integer tensors). */
  public static Set<String> folded() {
    Set<String> names = new TreeSet<>();
    OPERATORS.values().stream().filter(op -> op.folding != null).forEach(op -> names.add(op.name));
    return Collections.unmodifiableSet(names);
  }

  /** The gradient rule of every differentiable operator, by name. */
  public static Map<String, GradientRule> gradientRules() {
    Map<String, GradientRule> rules = new TreeMap<>();
    OPERATORS.values().stream()
        .filter(op -> op.gradient != null)
        .forEach(op -> rules.put(op.name, op.gradient));
    return Collections.unmodifiableMap(rules);
  }

  static Optional<MultiImporter> importer(String op) {
    return Optional.ofNullable(OPERATORS.get(op)).map(Operator::importer);
  }

  static Optional<Folding> folding(String op) {
    return Optional.ofNullable(OPERATORS.get(op)).map(Operator::folding);
  }

  static boolean readsConstantArguments(String op) {
    Operator o = OPERATORS.get(op);
    return o != null && o.constantArguments;
  }

  static boolean readAtLoad(String op) {
    Operator o = OPERATORS.get(op);
    return o != null && o.readAtLoad;
  }

  /** Collects the entries, each operator once. */
  private static final class Builder {
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    Entry add(String name) {
      Entry entry = new Entry(name);
      if (entries.putIfAbsent(name, entry) != null) {
        throw new IllegalStateException("operator " + name + " is listed twice");
      }
      return entry;
    }

    Map<String, Operator> build() {
      Map<String, Operator> out = new LinkedHashMap<>();
      entries.forEach((name, e) -> out.put(name, e.operator()));
      return Collections.unmodifiableMap(out);
    }
  }

  /** One operator's parts while the table is written. */
  private static final class Entry {
    private final String name;
    private MultiImporter importer;
    private boolean constantArguments;
    private Folding folding;
    private boolean readAtLoad;
    private GradientRule gradient;

    Entry(String name) {
      this.name = name;
    }

    Entry imports(Importer rule) {
      this.importer = (s, n, in) -> List.of(rule.rebuild(s, n, in));
      return this;
    }

    Entry importsAll(MultiImporter rule) {
      this.importer = rule;
      return this;
    }

    Entry constantArguments() {
      this.constantArguments = true;
      return this;
    }

    Entry folds(BiPredicate<ShapeFolder, NodeProto> applies, FoldEvaluation evaluation) {
      this.folding = new Folding(applies, evaluation);
      return this;
    }

    Entry readAtLoad() {
      this.readAtLoad = true;
      return this;
    }

    Entry gradient(GradientRule rule) {
      this.gradient = rule;
      return this;
    }

    Operator operator() {
      return new Operator(name, importer, constantArguments, folding, readAtLoad, gradient);
    }
  }
}
