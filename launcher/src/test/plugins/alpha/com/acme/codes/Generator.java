package com.acme.codes;

import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.OptionSpec;

/** Test plugin (explicit module): one-hot rows, padded with -1 up to the requested length. */
public final class Generator implements CodebookGenerator {
  @Override
  public String name() {
    return "acme-alpha";
  }

  @Override
  public String description() {
    return "alpha test generator, package com.acme.codes";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public List<Codebook> generate(CodebookSpec spec) {
    int length = spec.length().orElse(spec.classes());
    if (length < spec.classes()) {
      throw new IllegalArgumentException("acme-alpha needs length >= classes");
    }
    List<Codebook> books = new ArrayList<>();
    for (int m = 0; m < spec.members(); m++) {
      int[][] rows = new int[spec.classes()][length];
      for (int c = 0; c < spec.classes(); c++) {
        for (int j = 0; j < length; j++) {
          rows[c][j] = j == c ? 1 : -1;
        }
      }
      books.add(Codebook.of(rows));
    }
    return books;
  }
}
