package org.ecoc4j.store;

import java.util.TreeMap;
import org.ecoc4j.api.codebook.Codebook;

/** Writes codebooks for people: a summary line, then per member its distances and rows. */
public final class CodebookText {

  private CodebookText() {}

  /** The document as readable text, each codeword as +1/-1 entries on one line. */
  public static String write(CodebookDocument document) {
    StringBuilder text = new StringBuilder();
    text.append("codebook generator ").append(document.generator())
        .append(" (").append(document.generatorVersion()).append("): ")
        .append(document.members()).append(document.members() == 1 ? " member, " : " members, ")
        .append(document.classes()).append(" classes x ").append(document.length())
        .append(" bits, seed ").append(document.seed()).append('\n');
    if (!document.options().isEmpty()) {
      text.append("options ").append(new TreeMap<>(document.options())).append('\n');
    }
    if (!document.derived().isEmpty()) {
      text.append("derived ").append(document.derived()).append('\n');
    }
    int labelWidth = String.valueOf(document.classes() - 1).length();
    for (int m = 0; m < document.members(); m++) {
      Codebook codebook = document.codebooks().get(m);
      text.append("member ").append(m)
          .append(": Hamming distance min ").append(codebook.minHammingDistance())
          .append(", max ").append(codebook.maxHammingDistance());
      codebook.linearCode().ifPresent(code -> text.append(", ").append(code));
      text.append('\n');
      for (int c = 0; c < codebook.classes(); c++) {
        text.append("  class ").append(String.format("%" + labelWidth + "d", c)).append(':');
        for (int j = 0; j < codebook.length(); j++) {
          text.append(codebook.bit(c, j) > 0 ? " +1" : " -1");
        }
        text.append('\n');
      }
    }
    return text.toString();
  }
}
