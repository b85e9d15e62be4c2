package org.ecoc4j.backends.onnx.training;

import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.training.ProjectionHead;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;

/**
 * A {@link ProjectionHead} as graph nodes on top of a network's outputs {@code c} [rows, width]:
 * {@code z = Gemm(a(Gemm(a(c), W1, b1)), W2, b2)} with {@code a} the head's activation ({@code
 * Relu}, or nothing), {@code W1} [hidden, width] and {@code W2} [outputs, hidden] transposed as
 * the zoo's dense layers are. Its four parameters are named under {@value #PREFIX}, He-uniform
 * weights and zero biases, drawn from a seed like the network's (each parameter's values depend
 * only on the seed and its name, so the network's own initialization is the same with or without
 * a head).
 */
public final class ProjectionHeadGraph {

  /** The prefix of the head's parameter names. */
  public static final String PREFIX = "projection_head.";

  private final ProjectionHead head;
  private final int width;

  private ProjectionHeadGraph(ProjectionHead head, int width) {
    this.head = head;
    this.width = width;
  }

  /**
   * The head on top of {@code model}'s outputs (all of a sample's, member after member).
   *
   * @throws IllegalArgumentException when one of the model's parameters has a name of the head's
   */
  public static ProjectionHeadGraph on(ZooModel model, ProjectionHead head) {
    Objects.requireNonNull(head, "head");
    for (ParameterSpec p : model.parameters()) {
      if (p.name().startsWith(PREFIX)) {
        throw new IllegalArgumentException("model '" + model.spec().architecture()
            + "' has a parameter named " + p.name() + ": names under " + PREFIX
            + " are the projection head's");
      }
    }
    return new ProjectionHeadGraph(head, model.spec().outputWidth());
  }

  /** The head's parameters, all trainable: the two layers' weights and biases. */
  public List<ParameterSpec> parameters() {
    return List.of(
        ParameterSpec.weight(PREFIX + "fc1.weight", width, head.hidden(), width),
        ParameterSpec.zeros(PREFIX + "fc1.bias", head.hidden()),
        ParameterSpec.weight(PREFIX + "fc2.weight", head.hidden(), head.outputs(), head.hidden()),
        ParameterSpec.zeros(PREFIX + "fc2.bias", head.outputs()));
  }

  /**
   * Appends the head to {@code g}, which already holds a tensor named after each of its
   * parameters.
   *
   * @param outputs the network's outputs, float [rows, width of the network's output]
   * @return the projection, float [rows, head outputs]
   */
  public String append(GraphBuilder g, String outputs) {
    String hidden = g.gemm(activated(g, outputs), PREFIX + "fc1.weight", PREFIX + "fc1.bias", true);
    return g.gemm(activated(g, hidden), PREFIX + "fc2.weight", PREFIX + "fc2.bias", true);
  }

  private String activated(GraphBuilder g, String x) {
    return switch (head.activation()) {
      case RELU -> g.relu(x);
      case IDENTITY -> x;
    };
  }
}
