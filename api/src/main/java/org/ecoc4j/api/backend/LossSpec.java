package org.ecoc4j.api.backend;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.symbolic.TermLoss;

/**
 * The training loss and what it needs to know about the classes.
 *
 * <ul>
 *   <li>{@link Kind#CROSS_ENTROPY}: softmax cross-entropy of each member's outputs against the
 *       label; the member width equals {@link #classes()}.
 *   <li>{@link Kind#TANH_SQUARED_ERROR}: mean squared error between {@code tanh} of the outputs and
 *       the +1/-1 codeword of the label; {@link #targets()} holds, per class, the concatenated
 *       codewords of all members.
 *   <li>{@link Kind#CODE_TABLE}: real-valued class codes read by cosine similarity (contrastive
 *       ECOC); no built-in formula, a term loss must be attached. {@link #targets()} holds the
 *       table, N rows of K values, or nothing when the codes are learned during training.
 * </ul>
 *
 * <p>Both are averaged over the batch; the per-sample loss (what an attack objective sees) is the
 * sum over members of cross-entropy, or the mean over all output bits of the squared error.
 *
 * <p>A defense may replace the built-in formula with its own loss written with the symbolic
 * terms ({@link #withTermLoss}); the kind then still says how class scores are read from the
 * outputs (summed logits, or correlations with the codewords) and what the member width is.
 */
public final class LossSpec {

  /** The loss families a backend builds. */
  public enum Kind {
    /** Softmax cross-entropy per member. */
    CROSS_ENTROPY,
    /** Squared error of tanh outputs against codewords. */
    TANH_SQUARED_ERROR,
    /** Cosine similarity with real-valued class codes; the loss is a term loss. */
    CODE_TABLE
  }

  private final Kind kind;
  private final int classes;
  private final int width;
  private final float[] targets;
  private final String termLossName;
  private final TermLoss termLoss;

  private LossSpec(Kind kind, int classes, int width, float[] targets) {
    this(kind, classes, width, targets, null, null);
  }

  private LossSpec(
      Kind kind, int classes, int width, float[] targets, String termLossName, TermLoss termLoss) {
    this.kind = kind;
    this.classes = classes;
    this.width = width;
    this.targets = targets;
    this.termLossName = termLossName;
    this.termLoss = termLoss;
  }

  /**
   * A copy that trains on {@code loss} instead of the built-in formula of its kind.
   *
   * @param name what the loss is called (in messages and provenance), not blank
   * @param loss the per-sample loss, written with the symbolic terms
   * @throws IllegalArgumentException for a blank name
   */
  public LossSpec withTermLoss(String name, TermLoss loss) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(loss, "loss");
    if (name.isBlank()) {
      throw new IllegalArgumentException("the name of a term loss must not be blank");
    }
    return new LossSpec(kind, classes, width, targets, name, loss);
  }

  /** The loss written with terms that replaces the built-in formula, if any. */
  public Optional<TermLoss> termLoss() {
    return Optional.ofNullable(termLoss);
  }

  /** This loss with its built-in formula: without any term loss. */
  public LossSpec builtIn() {
    return termLoss == null ? this : new LossSpec(kind, classes, width, targets);
  }

  /**
   * Cross-entropy over {@code classes} classes.
   *
   * @throws IllegalArgumentException for fewer than 2 classes
   */
  public static LossSpec crossEntropy(int classes) {
    if (classes < 2) {
      throw new IllegalArgumentException("cross-entropy needs at least 2 classes, got " + classes);
    }
    return new LossSpec(Kind.CROSS_ENTROPY, classes, classes, new float[0]);
  }

  /**
   * Squared error of tanh outputs against the codewords of each member's codebook.
   *
   * @param memberCodebooks one codebook per member, all with the same classes and length
   * @throws IllegalArgumentException for no codebooks or mismatched ones
   */
  public static LossSpec tanhSquaredError(List<Codebook> memberCodebooks) {
    Objects.requireNonNull(memberCodebooks, "memberCodebooks");
    if (memberCodebooks.isEmpty()) {
      throw new IllegalArgumentException("tanh squared error needs at least one codebook");
    }
    Codebook first = memberCodebooks.get(0);
    int classes = first.classes();
    int length = first.length();
    int members = memberCodebooks.size();
    for (int m = 1; m < members; m++) {
      Codebook other = memberCodebooks.get(m);
      if (other.classes() != classes || other.length() != length) {
        throw new IllegalArgumentException(
            "codebook of member " + m + " is " + other.classes() + "x" + other.length()
                + ", member 0 has " + classes + "x" + length);
      }
    }
    float[] targets = new float[classes * members * length];
    for (int c = 0; c < classes; c++) {
      for (int m = 0; m < members; m++) {
        Codebook book = memberCodebooks.get(m);
        for (int j = 0; j < length; j++) {
          targets[(c * members + m) * length + j] = book.bit(c, j);
        }
      }
    }
    return new LossSpec(Kind.TANH_SQUARED_ERROR, classes, length, targets);
  }

  /**
   * Real-valued class codes, one network (contrastive ECOC): class scores are the cosine
   * similarities of the outputs with the rows of {@code table}. Has no built-in formula: attach a
   * term loss with {@link #withTermLoss}.
   */
  public static LossSpec codeTable(CodeTable table) {
    Objects.requireNonNull(table, "table");
    return new LossSpec(Kind.CODE_TABLE, table.classes(), table.length(), table.toFloatArray());
  }

  /**
   * Real-valued class codes learned during training (contrastive ECOC), not known yet: a backend
   * reads a training step's classes against the class means of the step's outputs, and a
   * stage's accuracy against the class means of its last epoch's training outputs. Has no
   * built-in formula: attach a term loss with {@link #withTermLoss}.
   *
   * @throws IllegalArgumentException for fewer than 2 classes or a code length below 1
   */
  public static LossSpec learnedCodes(int classes, int length) {
    if (classes < 2) {
      throw new IllegalArgumentException("learned codes need at least 2 classes, got " + classes);
    }
    if (length < 1) {
      throw new IllegalArgumentException("code length must be at least 1, got " + length);
    }
    return new LossSpec(Kind.CODE_TABLE, classes, length, new float[0]);
  }

  /** The loss family. */
  public Kind kind() {
    return kind;
  }

  /** Number of classes N. */
  public int classes() {
    return classes;
  }

  /** Outputs each member must have for this loss: N for cross-entropy, K for codewords. */
  public int memberWidth() {
    return width;
  }

  /**
   * Codeword targets, N rows of {@code members * K} floats of +1/-1 (a copy); the real-valued
   * codes of a {@link Kind#CODE_TABLE}; empty for cross-entropy and for learned codes.
   */
  public float[] targets() {
    return targets.clone();
  }

  /**
   * Checks that a model's outputs fit this loss.
   *
   * @throws IllegalArgumentException naming the mismatch
   */
  public void checkFits(ModelSpec model) {
    if (model.outputs() != width) {
      throw new IllegalArgumentException(
          kind + " needs " + width + " outputs per member, model '" + model.architecture()
              + "' has " + model.outputs());
    }
    if (kind == Kind.CODE_TABLE && model.members() != 1) {
      throw new IllegalArgumentException(
          "a code table is read on one network, model has " + model.members() + " members");
    }
    if (kind == Kind.TANH_SQUARED_ERROR && targets.length != classes * model.outputWidth()) {
      throw new IllegalArgumentException(
          "codewords cover " + targets.length / (classes * width) + " members, model has "
              + model.members());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LossSpec other
        && kind == other.kind
        && classes == other.classes
        && width == other.width
        && Arrays.equals(targets, other.targets)
        && Objects.equals(termLossName, other.termLossName)
        && termLoss == other.termLoss;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, classes, width, Arrays.hashCode(targets), termLossName);
  }

  @Override
  public String toString() {
    return kind + "(classes=" + classes + ", width=" + width
        + (termLossName == null ? "" : ", loss=" + termLossName) + ")";
  }
}
