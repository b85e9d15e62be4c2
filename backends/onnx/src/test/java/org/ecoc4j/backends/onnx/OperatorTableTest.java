package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.zoo.OnnxImport;
import org.ecoc4j.backends.onnx.zoo.OperatorTable;
import org.junit.jupiter.api.Test;

/**
 * The operator table is the one list: import, folding and the differentiator read it, and it
 * holds exactly the operators each of them supported before it existed (plus Where's gradient),
 * and those real PyTorch exports added (HardSigmoid, HardSwish, float ReduceMean, ReduceSum,
 * Split and Slice; gradients of HardSigmoid and Slice), and the gradient of ReduceSumSquare (the
 * sums form of batch normalization).
 */
class OperatorTableTest {

  @Test
  void importAcceptsTheTablesImportableOperators() {
    assertEquals(
        new TreeSet<>(
            Set.of(
                "Conv", "Relu", "Tanh", "Sigmoid", "Elu", "LeakyRelu", "Clip", "MaxPool",
                "AveragePool", "GlobalAveragePool", "Gemm", "MatMul", "Add", "Sub", "Mul", "Div",
                "Flatten", "Reshape", "Concat", "Transpose", "Pad", "BatchNormalization",
                "Identity", "Dropout", "Softmax", "LogSoftmax", "Constant", "Shape", "Gather",
                "Unsqueeze", "Squeeze", "Cast", "Slice", "ConstantOfShape", "HardSigmoid",
                "HardSwish", "ReduceMean", "ReduceSum", "Split")),
        OnnxImport.SUPPORTED);
    assertEquals(OperatorTable.importable(), OnnxImport.SUPPORTED);
  }

  @Test
  void foldingCoversTheShapeOperators() {
    assertEquals(
        new TreeSet<>(
            Set.of(
                "Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Cast", "Slice", "Reshape",
                "Identity", "Add", "Sub", "Mul", "Div", "ConstantOfShape", "Transpose")),
        OperatorTable.folded());
    assertTrue(OnnxImport.SUPPORTED.containsAll(OperatorTable.folded()));
  }

  @Test
  void theDifferentiatorUsesTheTablesRules() {
    assertEquals(OperatorTable.gradientRules().keySet(),
        Differentiator.standard().supportedOperators());
    assertEquals(
        new TreeSet<>(
            Set.of(
                "Relu", "Tanh", "Sigmoid", "Elu", "LeakyRelu", "Clip", "Sqrt", "Neg", "Identity",
                "Add", "Sub", "Mul", "Div", "Sum", "Conv", "MaxPool", "Gemm", "MatMul",
                "GlobalAveragePool", "AveragePool", "Flatten", "Reshape", "Concat", "Transpose",
                "Pad", "ReduceSum", "ReduceMean", "Softmax", "LogSoftmax", "Split", "Exp", "Log",
                "Where", "HardSigmoid", "Slice", "ReduceSumSquare")),
        Differentiator.standard().supportedOperators());
    assertEquals(
        Differentiator.standard().supportedOperators(),
        Differentiator.portable().supportedOperators());
  }
}
