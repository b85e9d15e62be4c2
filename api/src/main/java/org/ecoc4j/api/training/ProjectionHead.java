package org.ecoc4j.api.training;

import java.util.Locale;
import java.util.Objects;

/**
 * A projection head: a small network a training stage puts on top of the defense's network for
 * that stage only (the MLP {@code g} of SimCLR and of contrastive ECOC's pretraining). On the
 * network's outputs {@code c} (all of a sample's outputs, member after member) it computes
 *
 * <pre>
 *   z = W2 a(W1 a(c) + b1) + b2,   W1: [hidden, width of c],  W2: [outputs, hidden]
 * </pre>
 *
 * <p>with {@code a} the {@linkplain Activation activation}: the activation first (the authors of
 * contrastive ECOC put a ReLU after their ECOC encoder in pretraining and drop it with the head),
 * one hidden layer, and a linear output layer. A stage's loss reads {@code z} through {@link
 * org.ecoc4j.api.symbolic.Terms#projection()}, beside the network's own outputs. The head's
 * parameters belong to the stage alone: the next stage, which must start from this stage's
 * weights, takes the network's parameters and leaves the head's behind, so the deployed network
 * (the last stage's) never has a head. Its parameters start from the stage's seed like the
 * network's.
 *
 * @param hidden width of the hidden layer, at least 1
 * @param outputs width of the projection {@code z}, at least 1
 * @param activation the non-linearity {@code a}
 */
public record ProjectionHead(int hidden, int outputs, Activation activation) {

  /** The head's non-linearity. */
  public enum Activation {
    /** {@code max(x, 0)}, as SimCLR and the contrastive ECOC authors. */
    RELU,
    /** None: the head is a linear map (two affine layers). */
    IDENTITY;

    /**
     * The activation named {@code name} ({@code relu} or {@code identity}, any case).
     *
     * @throws IllegalArgumentException for another name, listing the known ones
     */
    public static Activation named(String name) {
      Objects.requireNonNull(name, "name");
      for (Activation a : values()) {
        if (a.name().equalsIgnoreCase(name.trim())) {
          return a;
        }
      }
      throw new IllegalArgumentException("unknown projection-head activation '" + name
          + "': use relu or identity");
    }

    /** The lower-case name, as {@link #named} reads it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Refuses widths below 1. */
  public ProjectionHead {
    Objects.requireNonNull(activation, "activation");
    if (hidden < 1) {
      throw new IllegalArgumentException(
          "a projection head's hidden width must be at least 1, got " + hidden);
    }
    if (outputs < 1) {
      throw new IllegalArgumentException(
          "a projection head's output width must be at least 1, got " + outputs);
    }
  }

  @Override
  public String toString() {
    return "projection head (" + activation.label() + ", " + hidden + " hidden, " + outputs
        + " outputs)";
  }
}
