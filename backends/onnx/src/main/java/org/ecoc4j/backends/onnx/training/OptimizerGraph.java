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
 * {@code AdamWOptimizer} node over sequences of parameters, gradients and moments.
 */
public final class OptimizerGraph {

  private static final List<String> SEQUENCES =
      List.of("params", "gradients", "first_order_moments", "second_order_moments");

  private OptimizerGraph() {}

  /** The AdamW optimizer model. */
  public static ModelProto adamW(AdamWSettings settings) {
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
    node.addAttribute(Attributes.of("alpha", (float) settings.beta1()));
    node.addAttribute(Attributes.of("beta", (float) settings.beta2()));
    node.addAttribute(Attributes.of("epsilon", (float) settings.epsilon()));
    node.addAttribute(Attributes.of("weight_decay", (float) settings.weightDecay()));
    node.addAttribute(Attributes.of("adam_mode", 0L));
    node.addAttribute(Attributes.of("correct_bias", 1L));
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
