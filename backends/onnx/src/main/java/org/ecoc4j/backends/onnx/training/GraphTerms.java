package org.ecoc4j.backends.onnx.training;

import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * The ONNX compiler of the symbolic {@link Terms}: every term is a float tensor [rows, width] of
 * a {@link GraphBuilder} that already holds the network's scores and the int64 labels (rows are
 * the batch, symbolic or fixed, for per-sample terms), and every operation appends standard ONNX
 * nodes that the {@link org.ecoc4j.backends.onnx.autodiff.Differentiator} differentiates.
 *
 * <p>Lowerings: {@link #rowMax} picks the maximum with {@code ArgMax} and a one-hot {@code
 * Gather}, which carry no gradient themselves, so the gradient reaches the selected entry only;
 * the masked {@link #rowMax(Term, Term)} runs the {@code ArgMax} on {@code Where(mask > 0, a,
 * -inf)} and picks from {@code a}; {@link #rowKthLargest} picks with the indices of {@code TopK};
 * {@link #rowLogSumExp(Term, Term)} is {@code M + Log(ReduceSum(mask * Exp(Where(mask > 0, a, M) -
 * M)))} with {@code M} the masked row maximum (the {@code Where} keeps left-out entries from
 * overflowing); {@link #transpose} is {@code Transpose}, {@link #matMul} {@code MatMul}, {@link
 * #columnSum} {@code ReduceSum} over axis 0, {@link #matrix} a constant initializer, {@link
 * #sigmoid}, {@link #relu} and {@link #sqrt} their operators. Every operator used has CUDA kernels
 * in ONNX Runtime.
 */
public final class GraphTerms implements Terms {

  private final GraphBuilder g;
  private final ModelSpec model;
  private final LossSpec loss;
  private final String scores;
  private final String labels;
  private final String projection;
  private boolean projectionRead;

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
    this(g, model, loss, scores, labels, null);
  }

  /**
   * Binds the compiler to the training graph of a stage with a projection head.
   *
   * @param projection float tensor [batch, head outputs], the head's outputs on {@code scores}
   *     ({@link #projection()}), or {@code null} where there is no head
   * @throws IllegalArgumentException when the model does not fit the loss
   */
  public GraphTerms(
      GraphBuilder g, ModelSpec model, LossSpec loss, String scores, String labels,
      String projection) {
    this.g = Objects.requireNonNull(g, "g");
    this.model = Objects.requireNonNull(model, "model");
    this.loss = Objects.requireNonNull(loss, "loss");
    loss.checkFits(model);
    this.scores = scores;
    this.labels = labels;
    this.projection = projection;
  }

  /** Whether an expression built here read {@link #projection()}. */
  public boolean readsProjection() {
    return projectionRead;
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
  public Term projection() {
    if (projection == null) {
      return Terms.super.projection();
    }
    projectionRead = true;
    return term(projection);
  }

  @Override
  public Term classScores() {
    int classes = loss.classes();
    if (loss.kind() == LossSpec.Kind.CROSS_ENTROPY) {
      String perMember = g.reshape(scores, 0, model.members(), classes);
      return term(g.reduceSum(perMember, false, 1));
    }
    if (loss.kind() == LossSpec.Kind.CODE_TABLE) {
      float[] table = loss.targets();
      if (table.length == 0) {
        throw new IllegalStateException(
            "the codes of " + loss + " are learned in training: there are no class scores yet");
      }
      return cosines(outputs(), matrix(table, classes, model.outputWidth()));
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
  public Term codewords() {
    if (loss.kind() == LossSpec.Kind.CROSS_ENTROPY) {
      throw new IllegalArgumentException("codewords: a network trained with cross-entropy has no"
          + " codewords; aim at its logits (margin) instead");
    }
    if (loss.kind() == LossSpec.Kind.CODE_TABLE) {
      throw new IllegalArgumentException("codewords: a network with a real-valued code table has"
          + " no +1/-1 codewords; aim at its cosine class scores (margin) instead");
    }
    return term(g.constant("codewords", loss.targets(), loss.classes(), model.outputWidth()));
  }

  @Override
  public Term trainingLoss() {
    LossTensors tensors = LossGraph.append(g, loss, model, scores, labels);
    return term(g.reshape(tensors.perSample(), -1, 1));
  }

  @Override
  public Term labels() {
    return term(g.gather(eye(loss.classes()), labels));
  }

  @Override
  public Term constant(float value) {
    return term(g.constant("constant", new float[] {value}, 1, 1));
  }

  @Override
  public Term stepMixing(BatchMixing mixing) {
    return term(g.stepMixing(mixing));
  }

  @Override
  public Term matrix(float[] values, int rows, int columns) {
    if (rows < 1 || columns < 1 || values.length != (long) rows * columns) {
      throw new IllegalArgumentException(
          "matrix: " + values.length + " floats are not " + rows + " rows of " + columns
              + " columns");
    }
    for (float v : values) {
      if (!Float.isFinite(v)) {
        throw new IllegalArgumentException("matrix: holds the non-finite " + v);
      }
    }
    return term(g.constant("matrix", values.clone(), rows, columns));
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
  public Term sigmoid(Term a) {
    return term(g.sigmoid(own(a, "sigmoid").tensor));
  }

  @Override
  public Term relu(Term a) {
    return term(g.relu(own(a, "relu").tensor));
  }

  @Override
  public Term sqrt(Term a) {
    return term(g.sqrt(own(a, "sqrt").tensor));
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
    return term(pick(x, argMax(x.tensor)));
  }

  @Override
  public Term rowMax(Term a, Term mask) {
    GraphTerm x = own(a, "rowMax");
    return term(maskedMax(x, kept(x, mask, "rowMax")));
  }

  @Override
  public Term rowLogSumExp(Term a, Term mask) {
    GraphTerm x = own(a, "rowLogSumExp");
    String kept = kept(x, mask, "rowLogSumExp");
    String max = maskedMax(x, kept);
    String shifted = g.sub(g.where(kept, x.tensor, max), max);
    String weighted = g.mul(tensor(mask), g.exp(shifted));
    return term(g.add(max, g.log(g.reduceSum(weighted, true, 1))));
  }

  /** {@code mask > 0}, refusing a mask that does not broadcast to {@code x}. */
  private String kept(GraphTerm x, Term mask, String operation) {
    GraphTerm m = own(mask, operation);
    if (m.width != x.width && m.width != 1 || m.rows != x.rows && m.rows != 1) {
      throw new IllegalArgumentException(
          operation + ": a mask of " + shape(m) + " for a term of " + shape(x)
              + " (the mask must have the term's shape or broadcast to it)");
    }
    return g.greater(m.tensor, g.scalar("zero", 0f));
  }

  /** The entry of each row of {@code x} picked by the ArgMax over its kept entries, [rows, 1]. */
  private String maskedMax(GraphTerm x, String kept) {
    String candidates =
        g.where(kept, x.tensor, g.scalar("minus_infinity", Float.NEGATIVE_INFINITY));
    return pick(x, argMax(candidates));
  }

  /** The column of each row's first largest entry, int64 [rows]. */
  private String argMax(String x) {
    long rows = g.info(x).dim(0);
    return g.node(
            "ArgMax",
            "",
            List.of(x),
            List.of("argMax"),
            List.of(TensorInfo.longs(rows)),
            List.of(Attributes.of("axis", 1L), Attributes.of("keepdims", 0L)))
        .get(0);
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
    String picked = g.gather(eye(x.width), index);
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

  /** The most cells of a column-selection matrix (2^26 floats, 256 MiB). */
  private static final long MAX_SELECTION_CELLS = 1L << 26;

  /**
   * Compiled as a product with a constant 0/1 selection matrix, which MatMul differentiates; a
   * matrix above {@link #MAX_SELECTION_CELLS} cells is refused before it is allocated.
   */
  @Override
  public Term columns(Term a, int from, int to) {
    GraphTerm x = own(a, "columns");
    if (from < 0 || to <= from || to > x.width) {
      throw new IllegalArgumentException(
          "columns [" + from + ", " + to + ") of a term of width " + x.width);
    }
    int count = to - from;
    long cells = (long) x.width * count;
    if (cells > MAX_SELECTION_CELLS) {
      throw new IllegalArgumentException("columns [" + from + ", " + to + ") of a term of width "
          + x.width + " need a " + x.width + " x " + count + " selection matrix of " + cells
          + " floats, more than the " + MAX_SELECTION_CELLS + " a graph constant may hold here;"
          + " use fewer outputs (a shorter code)");
    }
    float[] select = new float[(int) cells];
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

  @Override
  public Term transpose(Term a) {
    GraphTerm x = own(a, "transpose");
    requireKnownRows(x, "transpose");
    return term(g.transpose(x.tensor, 1, 0));
  }

  @Override
  public Term matMul(Term a, Term b) {
    GraphTerm x = own(a, "matMul");
    GraphTerm y = own(b, "matMul");
    if (x.width != y.rows) {
      throw new IllegalArgumentException(
          "matMul of " + shape(x) + " and " + shape(y) + ": the first term's width must equal"
              + " the second's rows");
    }
    return term(g.matMul(x.tensor, y.tensor));
  }

  @Override
  public Term columnSum(Term a) {
    return term(g.reduceSum(own(a, "columnSum").tensor, true, 0));
  }

  private static void requireKnownRows(GraphTerm x, String operation) {
    if (x.rows == Term.ANY_BATCH) {
      throw new IllegalArgumentException(
          operation + ": the term has one row per sample of a batch of any size; batch-level"
              + " terms need a graph built for a fixed batch size");
    }
  }

  private static String shape(GraphTerm x) {
    return "[" + (x.rows == Term.ANY_BATCH ? "batch" : Integer.toString(x.rows)) + ", " + x.width
        + "]";
  }

  private String eye(int n) {
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
    checkBroadcasts(x, y, operation);
    return x.tensor;
  }

  /** Refuses rows that differ unless one of them is 1. */
  private static void checkBroadcasts(GraphTerm x, GraphTerm y, String operation) {
    if (x.rows != y.rows && x.rows != 1 && y.rows != 1) {
      throw new IllegalArgumentException(
          operation + " of terms of " + shape(x) + " and " + shape(y)
              + ": rows must be equal or one of them 1");
    }
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
    long rows = info.dim(0);
    return new GraphTerm(
        this, tensor, rows < 0 ? Term.ANY_BATCH : (int) rows, (int) info.dim(info.rank() - 1));
  }

  /** A term of this compiler: a tensor of its graph. */
  private static final class GraphTerm implements Term {
    private final GraphTerms owner;
    private final String tensor;
    private final int rows;
    private final int width;

    GraphTerm(GraphTerms owner, String tensor, int rows, int width) {
      this.owner = owner;
      this.tensor = tensor;
      this.rows = rows;
      this.width = width;
    }

    @Override
    public int width() {
      return width;
    }

    @Override
    public int rows() {
      return rows;
    }

    @Override
    public String toString() {
      return "Term(" + tensor + ", " + shape(this) + ")";
    }
  }
}
