package org.ecoc4j.backends.onnx.zoo;

import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;

/**
 * A zoo architecture written as one {@link LayerPass} walk per ensemble member: the parameter list
 * (a walk without a graph) and the forward graph both come from {@link #member}, called for each
 * member with the name prefix {@code m<index>.}; the members' outputs are concatenated
 * member-major. Each member marks the entry and exit of the architecture's {@link #blocks()}
 * ({@link LayerPass#enter}, {@link LayerPass#leave}), so that a batch can be mixed around one of
 * them: every member's block is mixed with the same matrices.
 */
abstract class LayerPassModel implements ZooModel {

  /** The block of the layers before the first stage. */
  static final String STEM = "stem";
  /** The block of the layers after the last stage, up to the output. */
  static final String HEAD = "head";
  /** The blocks of the residual networks: the stem, three stages, the head. */
  static final List<String> STAGES = List.of(STEM, "stage1", "stage2", "stage3", HEAD);

  private final ModelSpec spec;
  private final Activation activation;
  private final float bnEpsilon;
  private final float bnMomentum;

  /**
   * @param activation the nonlinearity {@link LayerPass#activate} applies
   * @param bnEpsilon batch normalization's variance epsilon
   * @param bnMomentum weight of the old running statistic in its update
   */
  LayerPassModel(ModelSpec spec, Activation activation, float bnEpsilon, float bnMomentum) {
    this.spec = spec;
    this.activation = activation;
    this.bnEpsilon = bnEpsilon;
    this.bnMomentum = bnMomentum;
  }

  @Override
  public final ModelSpec spec() {
    return spec;
  }

  @Override
  public final List<ParameterSpec> parameters() {
    LayerPass pass =
        new LayerPass(null, BlockBoundaries.NONE, false, activation, bnEpsilon, bnMomentum);
    build(pass, "images");
    return pass.parameters();
  }

  @Override
  public final Forward network(GraphBuilder g, String images, boolean training) {
    return network(g, images, training, BlockBoundaries.NONE);
  }

  @Override
  public final Forward network(
      GraphBuilder g, String images, boolean training, BlockBoundaries boundaries) {
    LayerPass pass = new LayerPass(g, boundaries, training, activation, bnEpsilon, bnMomentum);
    return pass.forward(build(pass, images));
  }

  /**
   * The blocks {@link #member} marks, in network order: they follow one another, the first takes
   * the images and the last gives the member's output.
   */
  @Override
  public abstract List<String> blocks();

  private String build(LayerPass pass, String images) {
    List<String> outs = new ArrayList<>();
    for (int m = 0; m < spec.members(); m++) {
      outs.add(member(pass, "m" + m + ".", images));
    }
    return pass.members(outs);
  }

  /**
   * Walks one member's layers, marking the entry and exit of each of the {@link #blocks()}.
   *
   * @param prefix the start of the names of the member's parameters
   * @param images the input tensor
   * @return the member's output tensor, [batch, outputs]
   */
  abstract String member(LayerPass pass, String prefix, String images);
}
