package com.acme.codes;

import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/** Test plugin (plain jar): class c + offset in binary, digit j at bit j (mod 31). */
public final class Generator implements CodebookGenerator {
  private static final List<OptionSpec> OPTIONS =
      List.of(OptionSpec.ofInt("offset", 0, "added to the class index before encoding"));

  @Override
  public String name() {
    return "acme-beta";
  }

  @Override
  public String description() {
    return "beta test generator, same package com.acme.codes";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public List<Codebook> generate(CodebookSpec spec) {
    int offset = Options.parse(OPTIONS, spec.options()).getInt("offset");
    int length = spec.length().orElse(8);
    List<Codebook> books = new ArrayList<>();
    for (int m = 0; m < spec.members(); m++) {
      int[][] rows = new int[spec.classes()][length];
      for (int c = 0; c < spec.classes(); c++) {
        for (int j = 0; j < length; j++) {
          rows[c][j] = (((c + offset) >>> (j % 31)) & 1) == 1 ? 1 : -1;
        }
      }
      books.add(Codebook.of(rows));
    }
    return books;
  }
}
