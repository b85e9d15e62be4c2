package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.backends.onnx.autodiff.ConvGradient;
import org.junit.jupiter.api.Test;

class BackendOptionsComparisonTest {

  @Test
  void timesBothArmsFromTheSameStart() {
    ModelSpec lenet = BenchmarkOptions.select("lenet").get(0);
    BackendOptionsComparison.Ratios r = new BackendOptionsComparison(2,
            BackendOptionsComparison.arm("threads=1"),
            BackendOptionsComparison.arm("threads=1,conv-gradient=gemm,memory=pattern"))
        .compare(lenet, 4);
    for (double v : new double[] {r.training(), r.trainingControl(), r.attack(),
        r.attackControl(), r.trainingMsA(), r.trainingMsB(), r.attackMsA(), r.attackMsB()}) {
      assertTrue(v > 0 && Double.isFinite(v), r.toString());
    }
    assertTrue(r.lossA() > 0, r.toString());
    assertEquals(r.lossA(), r.lossB(), 1e-5 * r.lossA(), r.toString());
    assertThrows(IllegalArgumentException.class,
        () -> new BackendOptionsComparison(0, OrtSettings.cpu(), OrtSettings.cpu()));
  }

  @Test
  void armsAreBackendOptionsThatChangeSessions() {
    assertEquals(OrtSettings.cpu(), BackendOptionsComparison.arm("-"));
    OrtSettings arm = BackendOptionsComparison.arm(
        "threads=1, conv-gradient=gemm,memory=pattern,conv-layout=nchw,spinning=true");
    assertEquals(1, arm.threads());
    assertTrue(arm.spinning());
    assertFalse(BackendOptionsComparison.arm("-").spinning());
    assertEquals(ConvLayout.NCHW, arm.convLayout());
    assertEquals(ConvGradient.GEMM, arm.convGradient());
    assertEquals(SessionMemory.PATTERN, arm.memory());
    IllegalArgumentException notSession = assertThrows(IllegalArgumentException.class,
        () -> BackendOptionsComparison.arm("checkpoint=x.ckpt"));
    assertTrue(notSession.getMessage().contains("'checkpoint'"), notSession.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> BackendOptionsComparison.arm("conv-gradient=im2col"));
    assertTrue(bad.getMessage().contains("conv-gradient"), bad.getMessage());
    IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
        () -> BackendOptionsComparison.arm("threads"));
    assertTrue(malformed.getMessage().contains("key=value"), malformed.getMessage());
  }

  @Test
  void theRatioIsTheMedianOfTheStepRatios() {
    double[][] ms = {{2, 9, 3}, {1, 3, 3}};
    assertEquals(2, BackendOptionsComparison.medianRatio(ms), 1e-12);
    assertEquals(2.5, BackendOptionsComparison.median(new double[] {4, 1, 2, 3}), 1e-12);
  }
}
