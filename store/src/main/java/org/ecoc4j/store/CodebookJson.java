package org.ecoc4j.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.LinearBlockCode;

/**
 * Writes and reads codebooks as JSON: generator, seed, options and per member its +1/-1 rows,
 * minimum and maximum Hamming distances and, for linear codes, the parity part {@code P^T} of the
 * systematic generator matrix (so decoders can compute syndromes after reading it back).
 */
public final class CodebookJson {

  private CodebookJson() {}

  /** The document as indented JSON text, each codeword on one line. */
  public static String write(CodebookDocument document) {
    return Json.text(toJson(document));
  }

  /** The document as a JSON tree. */
  public static ObjectNode toJson(CodebookDocument document) {
    ObjectMapper mapper = Json.mapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("generator", document.generator());
    root.put("generatorVersion", document.generatorVersion());
    root.put("classes", document.classes());
    root.put("length", document.length());
    root.put("members", document.members());
    root.put("seed", document.seed());
    ObjectNode options = root.putObject("options");
    document.options().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> options.put(e.getKey(), e.getValue()));
    ArrayNode derived = root.putArray("derived");
    document.derived().forEach(derived::add);
    ArrayNode members = root.putArray("codebooks");
    for (int m = 0; m < document.members(); m++) {
      Codebook codebook = document.codebooks().get(m);
      ObjectNode member = members.addObject();
      member.put("member", m);
      member.put("minHammingDistance", codebook.minHammingDistance());
      member.put("maxHammingDistance", codebook.maxHammingDistance());
      codebook.linearCode().ifPresent(code -> {
        ObjectNode linear = member.putObject("linearCode");
        linear.put("n", code.n());
        linear.put("k", code.k());
        linear.set("parityPart", matrix(mapper, code.parityPart()));
      });
      member.set("rows", matrix(mapper, codebook.rows()));
    }
    return root;
  }

  /**
   * Reads the codebooks of a document written by {@link #write}.
   *
   * @param text the file's content
   * @param file the file's name, for messages
   * @throws InputFileException naming the file and the problem: invalid JSON, a missing field,
   *     entries other than +1/-1, ragged rows or codebooks of different shapes
   */
  public static List<Codebook> read(String text, String file) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new InputFileException(
          "codebook file " + file + " is not valid JSON: " + e.getOriginalMessage()
              + location(e), e);
    }
    JsonNode members = root == null ? null : root.get("codebooks");
    if (members == null || !members.isArray() || members.isEmpty()) {
      throw new InputFileException(
          "codebook file " + file + " has no \"codebooks\" array with at least one member");
    }
    List<Codebook> codebooks = new ArrayList<>();
    for (int m = 0; m < members.size(); m++) {
      String where = "codebook file " + file + ", member " + m;
      JsonNode member = members.get(m);
      int[][] rows = matrix(member.get("rows"), where + " \"rows\"");
      try {
        JsonNode linear = member.get("linearCode");
        codebooks.add(
            linear == null || linear.isNull()
                ? Codebook.of(rows)
                : Codebook.ofLinearCode(
                    LinearBlockCode.systematic(
                        matrix(linear.get("parityPart"), where + " \"linearCode.parityPart\"")),
                    rows));
      } catch (IllegalArgumentException e) {
        throw new InputFileException(where + ": " + e.getMessage(), e);
      }
    }
    try {
      CodebookDocument.requireSameShape(codebooks);
    } catch (IllegalArgumentException e) {
      throw new InputFileException("codebook file " + file + ": " + e.getMessage(), e);
    }
    return codebooks;
  }

  private static ArrayNode matrix(ObjectMapper mapper, int[][] values) {
    ArrayNode rows = mapper.createArrayNode();
    for (int[] row : values) {
      ArrayNode node = rows.addArray();
      for (int value : row) {
        node.add(value);
      }
    }
    return rows;
  }

  private static int[][] matrix(JsonNode node, String where) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new InputFileException(where + " is missing or not an array of arrays");
    }
    int[][] rows = new int[node.size()][];
    for (int r = 0; r < node.size(); r++) {
      JsonNode row = node.get(r);
      if (!row.isArray()) {
        throw new InputFileException(where + " row " + r + " is not an array");
      }
      rows[r] = new int[row.size()];
      for (int j = 0; j < row.size(); j++) {
        JsonNode value = row.get(j);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
          throw new InputFileException(
              where + " row " + r + " entry " + j + " is " + value + ", not an integer");
        }
        rows[r][j] = value.intValue();
      }
    }
    return rows;
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }
}
