package org.other;

import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.OptionSpec;

/** Test plugin (plain jar) that takes the name of the alpha plugin. */
public final class SameName implements CodebookGenerator {
  @Override
  public String name() {
    return "acme-alpha";
  }

  @Override
  public String description() {
    return "a second generator called acme-alpha";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public List<Codebook> generate(CodebookSpec spec) {
    throw new IllegalArgumentException("never chosen: its name is taken");
  }
}
