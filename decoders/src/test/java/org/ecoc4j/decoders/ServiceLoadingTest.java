package org.ecoc4j.decoders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.plugin.OptionSpec;
import org.junit.jupiter.api.Test;

class ServiceLoadingTest {

  @Test
  void serviceLoaderFindsAllFourDecodersByName() {
    // Tests run inside ecoc4j.decoders, which provides but does not use the SPI.
    ServiceLoadingTest.class.getModule().addUses(Decoder.class);

    List<Decoder> found =
        ServiceLoader.load(Decoder.class).stream()
            .map(ServiceLoader.Provider::get)
            .collect(Collectors.toList());

    assertEquals(
        Set.of("euclidean", "bit-threshold", "zadeh", "correlation-softmax", "cosine-softmax"),
        found.stream().map(Decoder::name).collect(Collectors.toSet()));
    assertEquals(5, found.size());
    for (Decoder decoder : found) {
      assertFalse(decoder.description().isBlank());
      OptionSpec last = decoder.options().get(decoder.options().size() - 1);
      assertEquals("combine", last.name());
      assertEquals("map", last.defaultValue());
      assertTrue(last.choices().contains("vote"));
    }
  }
}
