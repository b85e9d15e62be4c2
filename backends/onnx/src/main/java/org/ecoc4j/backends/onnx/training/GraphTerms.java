package org.ecoc4j.backends.onnx.training;

import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * The ONNX compiler of the symbolic {@link Terms}: every term is a float tensor [batch, width] of
 * a {@link GraphBuilder} that already holds the network's scores and the int64 labels, and every
 * operation appends standard ONNX nodes that the {@link
 * org.ecoc4j.backends.onnx.autodiff.Differentiator} differentiates. {@link #rowMax} picks the
 * maximum with {@code ArgMax} and a one-hot {@code Gather}, which carry no gradient themselves, so
 * the gradient reaches the selected entry only; {@link #rowKthLargest} does the same with the
 * indices of {@code TopK}. Every operator used has CUDA kernels in ONNX Runtime.
 */
public final class GraphTerms implements Terms {

  private final GraphBuilder g;
  private final ModelSpec model;
  private final LossSpec loss;
  private final String scores;
  private final String labels;

  /**
   * Binds the compiler to a graph.
   *
   * @param g the graph
   * @param model the network whose outputs {@code scores} are
   * @param loss its training loss, which also says how class scores are read from the outputs
   * @param scores float tensor [batch, members * outputs]
   * @param labels int64 tensor [batch]
   * @throws IllegalArgumentException when the model does not fit the loss
   */
  public GraphTerms(GraphBuilder g, ModelSpec model, LossSpec loss, String scores, String labels) {
    this.g = Objects.requireNonNull(g, "g");
    this.model = Objects.requireNonNull(model, "model");
    this.loss = Objects.requireNonNull(loss, "loss");
    loss.checkFits(model);
    this.scores = scores;
    this.labels = labels;
  }

  /** The tensor name of a term this compiler made, for use by the caller. */
  public String tensor(Term term) {
    return own(term, "tensor").tensor;
  }

  @Override
  public Term outputs() {
    return term(scores);
  }

  @Override
  public Term classScores() {
    int classes = loss.classes();
    if (loss.kind() == LossSpec.Kind.CROSS_ENTROPY) {
      String perMember = g.reshape(scores, 0, model.members(), classes);
      return term(g.reduceSum(perMember, false, 1));
    }
    float[] targets = loss.targets();
    int width = model.outputWidth();
    float[] transposed = new float[targets.length];
    for (int c = 0; c < classes; c++) {
      for (int j = 0; j < width; j++) {
        transposed[j * classes + c] = targets[c * width + j];
      }
    }
    return term(g.matMul(scores, g.constant("codewords_t", transposed, width, classes)));
  }

  @Override
  public Term trainingLoss() {
    LossTensors tensors = LossGraph.append(g, loss, model, scores, labels);
    return term(g.reshape(tensors.perSample(), -1, 1));
  }

  @Override
  public Term labels() {
    return term(g.gather(identity(loss.classes()), labels));
  }

  @Override
  public Term constant(float value) {
    return term(g.constant("constant", new float[] {value}, 1, 1));
  }

  @Override
  public Term add(Term a, Term b) {
    return term(g.add(operand(a, b, "add"), tensor(b)));
  }

  @Override
  public Term sub(Term a, Term b) {
    return term(g.sub(operand(a, b, "sub"), tensor(b)));
  }

  @Override
  public Term mul(Term a, Term b) {
    return term(g.mul(operand(a, b, "mul"), tensor(b)));
  }

  @Override
  public Term div(Term a, Term b) {
    return term(g.div(operand(a, b, "div"), tensor(b)));
  }

  @Override
  public Term neg(Term a) {
    return term(g.neg(own(a, "neg").tensor));
  }

  @Override
  public Term tanh(Term a) {
    return term(g.tanh(own(a, "tanh").tensor));
  }

  @Override
  public Term logSoftmax(Term a) {
    return term(g.logSoftmax(own(a, "logSoftmax").tensor));
  }

  @Override
  public Term rowSum(Term a) {
    return term(g.reduceSum(own(a, "rowSum").tensor, true, 1));
  }

  @Override
  public Term rowMax(Term a) {
    GraphTerm x = own(a, "rowMax");
    long batch = g.info(x.tensor).dim(0);
    String index =
        g.node(
                "ArgMax",
                "",
                List.of(x.tensor),
                List.of("argMax"),
                List.of(TensorInfo.longs(batch)),
                List.of(Attributes.of("axis", 1L), Attributes.of("keepdims", 0L)))
            .get(0);
    return term(pick(x, index));
  }

  /**
   * The column of the {@code k}-th entry of {@code TopK} (largest first, ties by column), picked
   * by a one-hot row as in {@link #rowMax}; TopK's values output is left unused, so it needs no
   * gradient rule.
   */
  @Override
  public Term rowKthLargest(Term a, int k) {
    GraphTerm x = own(a, "rowKthLargest");
    if (k < 1 || k > x.width) {
      throw new IllegalArgumentException(
          "rowKthLargest: k = " + k + " for a term of width " + x.width
              + " (k must be in [1, width])");
    }
    long batch = g.info(x.tensor).dim(0);
    String indices =
        g.node(
                "TopK",
                "",
                List.of(x.tensor, g.longs("k", k)),
                List.of("topKValues", "topKIndices"),
                List.of(TensorInfo.floats(batch, k), TensorInfo.longs(batch, k)),
                List.of(
                    Attributes.of("axis", 1L),
                    Attributes.of("largest", 1L),
                    Attributes.of("sorted", 1L)))
            .get(1);
    String column = g.slice(indices, new long[] {k - 1}, new long[] {k}, new long[] {1});
    String kth = g.reshape(column, -1);
    return term(pick(x, kth));
  }

  /** {@code sum_j onehot(index)_j * x_j} per row: the gradient reaches the picked entry only. */
  private String pick(GraphTerm x, String index) {
    String picked = g.gather(identity(x.width), index);
    return g.reduceSum(g.mul(picked, x.tensor), true, 1);
  }

  @Override
  public Term exp(Term a) {
    return term(g.exp(own(a, "exp").tensor));
  }

  @Override
  public Term log(Term a) {
    return term(g.log(own(a, "log").tensor));
  }

  /** Compiled as a product with a constant 0/1 selection matrix, which MatMul differentiates. */
  @Override
  public Term columns(Term a, int from, int to) {
    GraphTerm x = own(a, "columns");
    if (from < 0 || to <= from || to > x.width) {
      throw new IllegalArgumentException(
          "columns [" + from + ", " + to + ") of a term of width " + x.width);
    }
    int count = to - from;
    float[] select = new float[x.width * count];
    for (int j = 0; j < count; j++) {
      select[(from + j) * count + j] = 1f;
    }
    return term(g.matMul(x.tensor, g.constant("columns", select, x.width, count)));
  }

  @Override
  public Term project(Term a, float[] matrix, int columns) {
    GraphTerm x = own(a, "project");
    if (columns < 1 || matrix.length != (long) x.width * columns) {
      throw new IllegalArgumentException(
          "project: a matrix of " + matrix.length + " floats does not have " + x.width
              + " rows of " + columns + " columns");
    }
    for (float v : matrix) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("project: the matrix holds the non-finite " + v);
      }
    }
    return term(g.matMul(x.tensor, g.constant("project", matrix.clone(), x.width, columns)));
  }

  private String identity(int n) {
    float[] eye = new float[n * n];
    for (int i = 0; i < n; i++) {
      eye[i * n + i] = 1f;
    }
    return g.constant("eye", eye, n, n);
  }

  private String operand(Term a, Term b, String operation) {
    GraphTerm x = own(a, operation);
    GraphTerm y = own(b, operation);
    if (x.width != y.width && x.width != 1 && y.width != 1) {
      throw new IllegalArgumentException(
          operation + " of terms of widths " + x.width + " and " + y.width
              + ": widths must be equal or one of them 1");
    }
    return x.tensor;
  }

  private GraphTerm own(Term term, String operation) {
    if (!(term instanceof GraphTerm t) || t.owner != this) {
      throw new IllegalArgumentException(
          operation + ": the term was not made by this compiler (" + term + ")");
    }
    return t;
  }

  private GraphTerm term(String tensor) {
    TensorInfo info = g.info(tensor);
    return new GraphTerm(this, tensor, (int) info.dim(info.rank() - 1));
  }

  /** A term of this compiler: a tensor of its graph. */
  private static final class GraphTerm implements Term {
    private final GraphTerms owner;
    private final String tensor;
    private final int width;

    GraphTerm(GraphTerms owner, String tensor, int width) {
      this.owner = owner;
      this.tensor = tensor;
      this.width = width;
    }

    @Override
    public int width() {
      return width;
    }

    @Override
    public String toString() {
      return "Term(" + tensor + ", width " + width + ")";
    }
  }
}
