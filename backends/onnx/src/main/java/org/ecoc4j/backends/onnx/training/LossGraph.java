package org.ecoc4j.backends.onnx.training;

import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;

/**
 * Appends a loss to a graph, from the network's scores [batch, members * width] and int64 labels
 * [batch].
 *
 * <ul>
 *   <li>Cross-entropy: per member, log-softmax of its {@code N} scores picked at the label; the
 *       training loss is the mean over samples and members, the per-sample loss the sum over
 *       members.
 *   <li>Tanh squared error: {@code (tanh(score) - codeword bit)^2}; the training loss is the mean
 *       over samples and bits, the per-sample loss the mean over bits.
 * </ul>
 *
 * <p>A loss with a {@linkplain LossSpec#termLoss() term loss} is compiled through {@link
 * GraphTerms} instead: its per-sample values, and their mean over the batch as the training loss.
 */
public final class LossGraph {

  private LossGraph() {}

  /**
   * Appends the loss of {@code spec}.
   *
   * @throws IllegalArgumentException when the model's outputs do not fit the loss
   */
  public static LossTensors append(
      GraphBuilder g, LossSpec spec, ModelSpec model, String scores, String labels) {
    return append(g, spec, model, scores, labels, null);
  }

  /**
   * Appends the loss of {@code spec} on the training graph of a stage with a projection head,
   * whose term loss reads the head's outputs through {@link GraphTerms#projection()}.
   *
   * @param projection float tensor [batch, head outputs], or {@code null} for no head
   * @throws IllegalArgumentException when the model's outputs do not fit the loss, or a head is
   *     given to a loss that never reads it (a built-in formula, or a term loss that does not call
   *     {@code projection()}): a head the loss does not train is a mistake
   */
  public static LossTensors append(
      GraphBuilder g, LossSpec spec, ModelSpec model, String scores, String labels,
      String projection) {
    spec.checkFits(model);
    if (spec.termLoss().isPresent()) {
      return termLoss(g, spec, model, scores, labels, projection);
    }
    if (projection != null) {
      throw unread(spec);
    }
    return switch (spec.kind()) {
      case CROSS_ENTROPY -> crossEntropy(g, spec.classes(), model.members(), scores, labels);
      case TANH_SQUARED_ERROR -> tanhSquaredError(g, spec, model, scores, labels);
      case CODE_TABLE -> throw new IllegalArgumentException(
          spec + " has no built-in formula: attach a term loss");
    };
  }

  private static IllegalArgumentException unread(LossSpec spec) {
    return new IllegalArgumentException("the stage has a projection head, but its loss " + spec
        + " never reads the head's outputs (Terms.projection()): the head would not be trained");
  }

  private static LossTensors termLoss(
      GraphBuilder g, LossSpec spec, ModelSpec model, String scores, String labels,
      String projection) {
    GraphTerms terms = new GraphTerms(g, model, spec.builtIn(), scores, labels, projection);
    Term value = spec.termLoss().orElseThrow().perSample(terms);
    if (projection != null && !terms.readsProjection()) {
      throw unread(spec);
    }
    if (value.width() != 1) {
      throw new IllegalArgumentException(
          spec + " must give one value per sample, gave " + value.width());
    }
    String perSample = g.reshape(terms.tensor(value), -1);
    return new LossTensors(g.reduceMean(perSample, false), perSample);
  }

  private static LossTensors crossEntropy(
      GraphBuilder g, int classes, int members, String scores, String labels) {
    String logits = g.reshape(scores, -1, classes);
    String logp = g.logSoftmax(logits);
    float[] eye = new float[classes * classes];
    for (int c = 0; c < classes; c++) {
      eye[c * classes + c] = 1f;
    }
    String perMember = g.reshape(g.expand(g.unsqueeze(labels, 1), 1, members), -1);
    String oneHot = g.gather(g.constant("one_hot", eye, classes, classes), perMember);
    String nll = g.neg(g.reduceSum(g.mul(oneHot, logp), false, 1));
    String loss = g.reduceMean(nll, false);
    String perSample = g.reduceSum(g.reshape(nll, -1, members), false, 1);
    return new LossTensors(loss, perSample);
  }

  private static LossTensors tanhSquaredError(
      GraphBuilder g, LossSpec spec, ModelSpec model, String scores, String labels) {
    float[] targets = spec.targets();
    String codewords = g.constant("codewords", targets, spec.classes(), model.outputWidth());
    String diff = g.sub(g.tanh(scores), g.gather(codewords, labels));
    String squared = g.mul(diff, diff);
    return new LossTensors(g.reduceMean(squared, false), g.reduceMean(squared, false, 1));
  }
}
