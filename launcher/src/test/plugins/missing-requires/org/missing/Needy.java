package org.missing;

import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.OptionSpec;

/** Test plugin (explicit module) that requires test.alpha, which is not in the boot layer. */
public final class Needy implements CodebookGenerator {
  @Override
  public String name() {
    return "needy";
  }

  @Override
  public String description() {
    return "needs a module that is not there";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public List<Codebook> generate(CodebookSpec spec) {
    throw new IllegalArgumentException("never loads");
  }
}
