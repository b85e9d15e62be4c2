package org.ecoc4j.experiments;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ecoc4j.api.codebook.CodebookOrigin;

/**
 * Where a defense's codebooks came from as a JSON-ready map, for provenance: the generator, what
 * was asked of it, every option value it used and which of them it derived.
 */
public final class CodebookProvenance {

  private CodebookProvenance() {}

  /**
   * The origin's fields: {@code generator}, {@code classes}, {@code length} (or {@code
   * "generator default"}), {@code members}, {@code seed}, {@code options} (every value in effect)
   * and {@code derived} (the names of the derived ones).
   */
  public static Map<String, Object> of(CodebookOrigin origin) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("generator", origin.generator());
    m.put("classes", origin.spec().classes());
    m.put(
        "length",
        origin.spec().length().isPresent()
            ? (Object) origin.spec().length().getAsInt()
            : "generator default");
    m.put("members", origin.spec().members());
    m.put("seed", origin.spec().seed());
    m.put("options", origin.options().asText());
    m.put("derived", origin.options().derived());
    return m;
  }
}
