package org.ecoc4j.decoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code cosine-softmax} (Eq. 5 of the contrastive ECOC paper) on real-valued code tables: the
 * posteriors are the softmax of the hand-computed cosine similarities, the decision their argmax;
 * a table saved and reloaded is bit-exactly the same and decodes the same; binary decoders refuse
 * a real-valued table by name and accept a +1/-1 one as its codebook.
 */
class CosineSoftmaxTest {

  @TempDir Path folder;

  static LongStream seeds() {
    return LongStream.range(0, 20);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void posteriorsAreTheSoftmaxOfTheCosines(long seed) {
    Random random = new Random(seed);
    int classes = 2 + random.nextInt(6);
    int length = 1 + random.nextInt(12);
    CodeTable table = randomTable(random, classes, length);
    double temperature = seed == 0 ? 1 : 0.2 + random.nextDouble();
    PreparedDecoder decoder = new CosineSoftmaxDecoder()
        .prepareTables(List.of(table), Map.of("temperature", Double.toString(temperature)));
    int batch = 5;
    float[] outputs = new float[batch * length];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = (float) random.nextGaussian();
    }
    float[] posteriors = new float[batch * classes];
    decoder.posteriors(outputs, 0, batch, posteriors);
    Decisions decisions = Decisions.withCapacity(batch);
    decoder.decode(outputs, 0, batch, decisions);
    for (int b = 0; b < batch; b++) {
      double[] cos = new double[classes];
      int best = 0;
      double total = 0;
      for (int c = 0; c < classes; c++) {
        double dot = 0;
        double nz = 0;
        double nc = 0;
        for (int j = 0; j < length; j++) {
          double z = outputs[b * length + j];
          double v = table.value(c, j);
          dot += z * v;
          nz += z * z;
          nc += v * v;
        }
        cos[c] = dot / Math.sqrt(nz * nc);
        best = cos[c] > cos[best] ? c : best;
        total += Math.exp(cos[c] / temperature);
      }
      for (int c = 0; c < classes; c++) {
        assertEquals(Math.exp(cos[c] / temperature) / total, posteriors[b * classes + c], 1e-6);
      }
      assertEquals(best, decisions.label(b));
    }
  }

  @Test
  void aSavedTableReloadsBitExactlyAndDecodesTheSame() throws IOException {
    Random random = new Random(7);
    CodeTable table = randomTable(random, 10, 100);
    Path file = folder.resolve("codebook.txt");
    table.write(file);
    CodeTable back = CodeTable.read(file);
    assertEquals(table, back);
    float[] a = table.toFloatArray();
    float[] b = back.toFloatArray();
    for (int i = 0; i < a.length; i++) {
      assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), "value " + i);
    }
    float[] outputs = new float[3 * 100];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = (float) random.nextGaussian();
    }
    float[] first = new float[30];
    float[] second = new float[30];
    new CosineSoftmaxDecoder().prepareTables(List.of(table), Map.of())
        .posteriors(outputs, 0, 3, first);
    new CosineSoftmaxDecoder().prepareTables(List.of(back), Map.of())
        .posteriors(outputs, 0, 3, second);
    assertArrayEquals(first, second);
    assertEquals(1, Files.list(folder).count(), "no temporary file left behind");
  }

  @Test
  void badTablesAreRefusedByName() throws IOException {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> CodeTable.of(new float[][] {{}, {}})).getMessage().contains("code length"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> CodeTable.of(new float[][] {{1, Float.NaN}, {0, 1}})).getMessage()
        .contains("not finite"));
    Path file = folder.resolve("bad.txt");
    Files.writeString(file, "ecoc4j-code-table 1\n2 2\n1 2\n3\n");
    assertTrue(assertThrows(IOException.class, () -> CodeTable.read(file)).getMessage()
        .contains("line 4"));
  }

  @Test
  void binaryDecodersRefuseRealValuesAndAcceptSigns() {
    CodeTable real = CodeTable.of(new float[][] {{0.5f, -1}, {1, 1}});
    String message = assertThrows(IllegalArgumentException.class,
        () -> new EuclideanDecoder().prepareTables(List.of(real), Map.of())).getMessage();
    assertTrue(message.contains("real-valued") && message.contains("cosine-softmax"), message);
    Codebook codebook = Codebook.of(new int[][] {{1, -1, 1}, {-1, 1, 1}, {1, 1, -1}});
    float[] outputs = {0.3f, -0.9f, 0.2f, -0.1f, 0.4f, 0.8f};
    float[] viaTable = new float[6];
    float[] viaCodebook = new float[6];
    new EuclideanDecoder().prepareTables(List.of(CodeTable.of(codebook)), Map.of())
        .posteriors(outputs, 0, 2, viaTable);
    new EuclideanDecoder().prepare(codebook, Map.of()).posteriors(outputs, 0, 2, viaCodebook);
    assertArrayEquals(viaCodebook, viaTable);
  }

  private static CodeTable randomTable(Random random, int classes, int length) {
    float[][] rows = new float[classes][length];
    for (float[] row : rows) {
      for (int j = 0; j < length; j++) {
        row[j] = (float) random.nextGaussian();
      }
    }
    return CodeTable.of(rows);
  }
}
