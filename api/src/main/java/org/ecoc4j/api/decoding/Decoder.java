package org.ecoc4j.api.decoding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.plugin.Plugin;

/**
 * SPI: a rule that turns network outputs into class decisions, for one classifier or an ensemble.
 *
 * <p>Providers are stateless factories found with {@link java.util.ServiceLoader}; {@link
 * #prepare} binds the rule to codebooks and options and returns the object that decodes batches.
 * Each decoder documents its per-member posterior, which ensembles combine (MAP sum or vote).
 */
public interface Decoder extends Plugin {

  /**
   * Binds the rule to the codebooks of an ensemble's members (one codebook for a single network).
   *
   * @param memberCodebooks one codebook per member, all with the same classes and length
   * @param options decoder options by name, validated against {@link #options()}
   * @throws IllegalArgumentException for no codebooks, mismatched codebooks, or codebooks the rule
   *     cannot use
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for unknown or malformed options
   */
  PreparedDecoder prepare(List<Codebook> memberCodebooks, Map<String, String> options);

  /**
   * The options under which this rule decides every sample among the class codewords alone and
   * never rejects, given the deployed {@code options}: its first choice, the decision whose
   * accuracy the error-detecting output codes paper reports as "Accuracy" (Eq. 12) beside its
   * full-codespace accuracy. The default returns {@code options} unchanged, which is right for a
   * rule that never rejects; a rule that can reject overrides it (for example by turning its
   * threshold off and searching the class codewords only). An evaluator that sees the first-choice
   * rule reject a sample reports no first-choice accuracy rather than a wrong one.
   *
   * @param options the deployed decoder's options
   * @return the options of the first-choice rule
   */
  default Map<String, String> firstChoiceOptions(Map<String, String> options) {
    return options;
  }

  /** Binds the rule to a single network's codebook. */
  default PreparedDecoder prepare(Codebook codebook, Map<String, String> options) {
    return prepare(List.of(codebook), options);
  }

  /**
   * Binds the rule to real-valued code tables, one per member (e.g. learned codebooks). The
   * default accepts tables whose values are all +1 or -1 and decodes them as binary codebooks;
   * decoders for real values override it.
   *
   * @throws IllegalArgumentException for no tables, or a real-valued table this rule cannot use
   */
  default PreparedDecoder prepareTables(List<CodeTable> memberTables, Map<String, String> options) {
    if (memberTables == null || memberTables.isEmpty()) {
      throw new IllegalArgumentException(name() + " decoder needs at least one member code table");
    }
    List<Codebook> codebooks = new ArrayList<>();
    for (int m = 0; m < memberTables.size(); m++) {
      CodeTable table = memberTables.get(m);
      int[][] rows = new int[table.classes()][table.length()];
      for (int c = 0; c < rows.length; c++) {
        for (int j = 0; j < rows[c].length; j++) {
          float v = table.value(c, j);
          if (v != 1f && v != -1f) {
            throw new IllegalArgumentException(name() + " decoder needs +1/-1 codewords, but the"
                + " code table of member " + m + " is real-valued (value " + v + " at class " + c
                + ", position " + j + "); use cosine-softmax");
          }
          rows[c][j] = (int) v;
        }
      }
      codebooks.add(Codebook.of(rows));
    }
    return prepare(codebooks, options);
  }
}
