package org.exhausting;

import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.OptionSpec;

/** Test plugin (plain jar) whose generator runs out of memory, as a huge request would. */
public final class Exhausting implements CodebookGenerator {

  @Override
  public String name() {
    return "exhausting";
  }

  @Override
  public String description() {
    return "always runs out of memory";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public List<Codebook> generate(CodebookSpec spec) {
    throw new OutOfMemoryError("Java heap space");
  }
}
