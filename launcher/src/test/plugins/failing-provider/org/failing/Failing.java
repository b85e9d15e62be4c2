package org.failing;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.plugin.OptionSpec;

/** Test plugin (plain jar) whose constructor fails. */
public final class Failing implements Decoder {
  public Failing() {
    throw new IllegalStateException("licence check failed");
  }

  @Override
  public String name() {
    return "failing";
  }

  @Override
  public String description() {
    return "never loads";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public PreparedDecoder prepare(List<Codebook> codebooks, Map<String, String> options) {
    throw new UnsupportedOperationException();
  }
}
