package org.ecoc4j.backends.onnx.training;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.List;
import org.ecoc4j.backends.onnx.graph.Attributes;
import org.ecoc4j.backends.onnx.graph.ElementType;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * The optimizer model ONNX Runtime's training session runs after each step: one
 * {@code AdamWOptimizer} node over sequences of parameters, gradients and moments, set up as
 * AdamW or as SGD with momentum.
 */
public final class OptimizerGraph {

  private static final List<String> SEQUENCES =
      List.of("params", "gradients", "first_order_moments", "second_order_moments");

  private OptimizerGraph() {}

  /** The AdamW optimizer model (PyTorch's AdamW: adam_mode 0, bias correction on). */
  public static ModelProto adamW(AdamWSettings settings) {
    return model(
        (float) settings.beta1(), (float) settings.beta2(), (float) settings.epsilon(),
        (float) settings.weightDecay(), 0L, 1L);
  }

  /**
   * The {@code AdamWOptimizer} model that performs SGD with momentum (see
   * {@link OptimizerSpec.SgdMomentum}): adam_mode 1 without bias correction, alpha = momentum,
   * beta = 1, epsilon = 1, no decoupled weight decay.
   */
  public static ModelProto sgdMomentum(double momentum) {
    return model((float) momentum, 1f, 1f, 0f, 1L, 0L);
  }

  private static ModelProto model(
      float alpha, float beta, float epsilon, float weightDecay, long mode, long correctBias) {
    GraphProto.Builder g = GraphProto.newBuilder().setName("optimizer");
    g.addInput(GraphBuilder.valueInfo("learning_rate", TensorInfo.floats(1)));
    g.addInput(GraphBuilder.valueInfo("step", TensorInfo.longs(1)));
    for (String name : SEQUENCES) {
      g.addInput(floatSequence(name));
    }
    NodeProto.Builder node =
        NodeProto.newBuilder()
            .setName("adamw")
            .setOpType("AdamWOptimizer")
            .setDomain(GraphBuilder.MS_DOMAIN)
            .addInput("learning_rate")
            .addInput("step");
    SEQUENCES.forEach(node::addInput);
    node.addOutput("updated_flag");
    node.addAttribute(Attributes.of("alpha", alpha));
    node.addAttribute(Attributes.of("beta", beta));
    node.addAttribute(Attributes.of("epsilon", epsilon));
    node.addAttribute(Attributes.of("weight_decay", weightDecay));
    node.addAttribute(Attributes.of("adam_mode", mode));
    node.addAttribute(Attributes.of("correct_bias", correctBias));
    g.addNode(node);
    g.addOutput(
        GraphBuilder.valueInfo("updated_flag", new TensorInfo(ElementType.BOOL, new long[] {1})));
    return ModelProto.newBuilder()
        .setIrVersion(GraphBuilder.IR_VERSION)
        .setProducerName("ecoc4j")
        .addOpsetImport(
            OperatorSetIdProto.newBuilder().setDomain("").setVersion(GraphBuilder.OPSET))
        .addOpsetImport(
            OperatorSetIdProto.newBuilder().setDomain(GraphBuilder.MS_DOMAIN).setVersion(1))
        .setGraph(g)
        .build();
  }

  private static ValueInfoProto floatSequence(String name) {
    TypeProto element =
        TypeProto.newBuilder()
            .setTensorType(TypeProto.Tensor.newBuilder().setElemType(ElementType.FLOAT))
            .build();
    TypeProto sequence =
        TypeProto.newBuilder()
            .setSequenceType(TypeProto.Sequence.newBuilder().setElemType(element))
            .build();
    return ValueInfoProto.newBuilder().setName(name).setType(sequence).build();
  }
}
