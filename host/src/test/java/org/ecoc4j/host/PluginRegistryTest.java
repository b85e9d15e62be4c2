package org.ecoc4j.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.plugin.OptionSpec;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {

  /** A decoder that only has a name. */
  private record Named(String name) implements Decoder {
    @Override
    public String description() {
      return "test decoder " + name;
    }

    @Override
    public List<OptionSpec> options() {
      return List.of();
    }

    @Override
    public PreparedDecoder prepare(List<Codebook> codebooks, Map<String, String> options) {
      throw new UnsupportedOperationException("not used");
    }
  }

  private static PluginEntry<Decoder> entry(String name, PluginOrigin origin) {
    return new PluginEntry<>(PluginKinds.DECODER, new Named(name), origin, Optional.of("1"));
  }

  @Test
  void entriesAreSortedByNameAndFoundByName() {
    PluginRegistry<Decoder> registry =
        PluginRegistry.of(
            PluginKinds.DECODER,
            List.of(entry("zadeh", PluginOrigin.builtIn()), entry("euclidean", PluginOrigin.builtIn())));
    assertEquals(List.of("euclidean", "zadeh"), registry.names());
    assertEquals("zadeh", registry.require("zadeh").name());
    assertTrue(registry.find("none").isEmpty());
  }

  @Test
  void unknownNamesListTheAvailableOnes() {
    PluginRegistry<Decoder> registry =
        PluginRegistry.of(PluginKinds.DECODER, List.of(entry("zadeh", PluginOrigin.builtIn())));
    UnknownPluginException error =
        assertThrows(UnknownPluginException.class, () -> registry.require("zade"));
    assertEquals("unknown decoder 'zade'; available: zadeh", error.getMessage());
  }

  @Test
  void duplicateNamesNameBothOrigins() {
    PluginOrigin first = PluginOrigin.jar(Path.of("/p/a.jar"));
    PluginOrigin second = PluginOrigin.builtIn();
    DuplicatePluginException error =
        assertThrows(
            DuplicatePluginException.class,
            () -> PluginRegistry.of(PluginKinds.DECODER, List.of(entry("x", first), entry("x", second))));
    assertTrue(error.getMessage().contains("'x'"), error.getMessage());
    assertTrue(error.getMessage().contains("/p/a.jar"), error.getMessage());
    assertTrue(error.getMessage().contains("built-in"), error.getMessage());
  }

  @Test
  void everyKindHasADistinctKey() {
    assertEquals(
        PluginKinds.ALL.size(),
        PluginKinds.ALL.stream().map(PluginKind::key).distinct().count());
    for (PluginKind<?> kind : PluginKinds.ALL) {
      assertEquals(kind, PluginKinds.byKey(kind.key()).orElseThrow());
    }
  }
}
