package org.invalid;

import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.OptionSpec;

/** Test plugin (plain jar) whose name cannot be a configuration key. */
public final class Shouty implements CodebookGenerator {
  @Override
  public String name() {
    return "Shouty Name";
  }

  @Override
  public String description() {
    return "has an invalid name";
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
