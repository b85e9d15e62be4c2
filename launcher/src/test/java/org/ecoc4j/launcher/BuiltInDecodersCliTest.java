package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.store.CodebookFiles;
import org.ecoc4j.store.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code codebook generate} then {@code codebook decode} with the built-in plugins. */
class BuiltInDecodersCliTest {

  @TempDir Path work;

  /** Generates codebooks to books.json and returns them as read back. */
  private List<Codebook> generate(String... args) {
    List<String> all = new ArrayList<>(List.of("codebook", "generate", "--json", "--out", "books.json"));
    all.addAll(List.of(args));
    CliResult result = Cli.in(work).run(all.toArray(new String[0]));
    assertEquals(0, result.code(), result::toString);
    return CodebookFiles.read(work.resolve("books.json"));
  }

  /** One row per class: every member's codeword scaled by 0.9; then the extra rows given. */
  private void writeOutputs(List<Codebook> books, List<float[]> extra) throws IOException {
    StringBuilder csv = new StringBuilder();
    for (int c = 0; c < books.get(0).classes(); c++) {
      List<String> cells = new ArrayList<>();
      for (Codebook book : books) {
        for (int bit : book.row(c)) {
          cells.add(String.valueOf(0.9f * bit));
        }
      }
      csv.append(String.join(",", cells)).append('\n');
    }
    for (float[] row : extra) {
      List<String> cells = new ArrayList<>();
      for (float v : row) {
        cells.add(String.valueOf(v));
      }
      csv.append(String.join(",", cells)).append('\n');
    }
    Files.writeString(work.resolve("outputs.csv"), csv);
  }

  private JsonNode decode(Cli cli, String decoder, String... more) throws IOException {
    List<String> all = new ArrayList<>(List.of("codebook", "decode", "--codebook", "books.json",
        "--outputs", "outputs.csv", "--decoder", decoder, "--json"));
    all.addAll(List.of(more));
    CliResult result = cli.run(all.toArray(new String[0]));
    assertEquals(0, result.code(), result::toString);
    return Json.mapper().readTree(result.out()).get("decisions");
  }

  private static float[] withFlippedBit(Codebook book, int c, int bit) {
    float[] row = new float[book.length()];
    for (int j = 0; j < row.length; j++) {
      row[j] = 0.9f * book.bit(c, j) * (j == bit ? -1 : 1);
    }
    return row;
  }

  @ParameterizedTest
  @ValueSource(strings = {"euclidean", "bit-threshold", "zadeh", "correlation-softmax",
      "cosine-softmax"})
  void cleanCodewordsDecodeToTheirClass(String decoder) throws IOException {
    List<Codebook> books = generate("--generator", "crc", "--classes", "6");
    writeOutputs(books, List.of());
    JsonNode decisions = decode(Cli.in(work), decoder);
    assertEquals(6, decisions.size());
    for (int c = 0; c < 6; c++) {
      assertEquals(c, decisions.get(c).get("class").asInt(), decisions::toString);
      assertEquals(false, decisions.get(c).get("rejected").asBoolean());
      double confidence = decisions.get(c).get("confidence").asDouble();
      assertTrue(confidence > 0 && confidence <= 1, decisions::toString);
    }
  }

  @Test
  void zadehRejectsAWordWithANonZeroSyndromeThatBitThresholdCorrects() throws IOException {
    List<Codebook> books = generate("--generator", "crc", "--classes", "6");
    writeOutputs(books, List.of(withFlippedBit(books.get(0), 2, 0)));
    JsonNode zadeh = decode(Cli.in(work), "zadeh").get(6);
    assertTrue(zadeh.get("rejected").asBoolean(), zadeh::toString);
    assertEquals("NONZERO_SYNDROME", zadeh.get("reason").asText());
    JsonNode hamming = decode(Cli.in(work), "bit-threshold").get(6);
    assertEquals(2, hamming.get("class").asInt(), hamming::toString);
  }

  @Test
  void decoderOptionsComeFromConfigurationAndTheCommandLineWins() throws IOException {
    List<Codebook> books = generate("--generator", "crc", "--classes", "6");
    writeOutputs(books, List.of());
    Files.writeString(work.resolve("ecoc4j.properties"), "ecoc4j.decoder.zadeh.threshold=0.99\n");
    for (JsonNode decision : decode(Cli.in(work), "zadeh")) {
      assertEquals("BELOW_THRESHOLD", decision.get("reason").asText(), decision::toString);
    }
    for (JsonNode decision : decode(Cli.in(work), "zadeh", "-O", "threshold=0")) {
      assertEquals(false, decision.get("rejected").asBoolean(), decision::toString);
    }
  }

  @Test
  void ensemblesDecodeRowsOfEveryMembersOutputs() throws IOException {
    List<Codebook> books =
        generate("--generator", "random-binary", "--classes", "5", "--length", "10", "--members", "3");
    assertEquals(3, books.size());
    writeOutputs(books, List.of());
    JsonNode decisions = decode(Cli.in(work), "euclidean", "-O", "combine=vote");
    for (int c = 0; c < 5; c++) {
      assertEquals(c, decisions.get(c).get("class").asInt(), decisions::toString);
    }
    Files.writeString(work.resolve("short.csv"), "0.5,0.5\n");
    CliResult wrongWidth =
        Cli.in(work).run("codebook", "decode", "--codebook", "books.json", "--outputs", "short.csv",
            "--decoder", "euclidean");
    assertEquals(1, wrongWidth.code(), wrongWidth::toString);
    assertTrue(wrongWidth.err().contains("2 values, expected 30"), wrongWidth::toString);
  }
}
