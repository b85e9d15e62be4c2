package org.ecoc4j.api.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionsTest {

  private static final List<OptionSpec> SPECS =
      List.of(
          OptionSpec.ofInt("length", null, "code length; derived from the classes when absent"),
          OptionSpec.ofDouble("threshold", 0.25, "acceptance threshold"),
          OptionSpec.ofBoolean("tanh", true, "squash outputs"),
          OptionSpec.ofLong("seed", 7L, "seed"),
          OptionSpec.ofChoice("sharing", "independent", "codebook sharing", "independent", "shared"),
          OptionSpec.ofString("polynomial", "CRC7", "generator polynomial"));

  @Test
  void defaultsApplyWhenNothingIsGiven() {
    Options options = Options.parse(SPECS, Map.of());
    assertFalse(options.has("length"));
    assertEquals(0.25, options.getDouble("threshold"));
    assertTrue(options.getBoolean("tanh"));
    assertEquals(7L, options.getLong("seed"));
    assertEquals("independent", options.getString("sharing"));
    assertEquals("CRC7", options.getString("polynomial"));
    assertFalse(options.given("threshold"));
  }

  @Test
  void givenValuesOverrideDefaultsAndAreTyped() {
    Options options =
        Options.parse(
            SPECS,
            Map.of("length", " 64 ", "threshold", "0.5", "tanh", "FALSE", "sharing", "shared"));
    assertEquals(64, options.getInt("length"));
    assertEquals(0.5, options.getDouble("threshold"));
    assertFalse(options.getBoolean("tanh"));
    assertEquals("shared", options.getString("sharing"));
    assertTrue(options.given("length"));
    assertEquals("64", options.asText().get("length"));
    assertEquals(
        List.of("threshold", "tanh", "seed", "sharing", "polynomial", "length"),
        List.copyOf(options.asText().keySet()));
  }

  @Test
  void unknownOptionNamesItAndListsTheValidOnes() {
    InvalidOptionException e =
        assertThrows(InvalidOptionException.class, () -> Options.parse(SPECS, Map.of("lenght", "3")));
    assertEquals("lenght", e.option());
    assertTrue(e.getMessage().contains("unknown option 'lenght'"), e.getMessage());
    assertTrue(e.getMessage().contains("length, threshold, tanh, seed, sharing, polynomial"), e.getMessage());
  }

  @Test
  void malformedValuesNameTheOptionAndTheValue() {
    assertMessage(Map.of("length", "sixty"), "option 'length' expects an integer, got 'sixty'");
    assertMessage(Map.of("threshold", "NaN"), "option 'threshold' expects a finite number, got 'NaN'");
    assertMessage(Map.of("tanh", "yes"), "option 'tanh' expects true or false, got 'yes'");
    assertMessage(
        Map.of("sharing", "all"), "option 'sharing' must be one of independent, shared, got 'all'");
  }

  @Test
  void badDeclarationsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> OptionSpec.ofInt("Length", 1, "bad name"));
    assertThrows(IllegalArgumentException.class, () -> OptionSpec.ofInt("n", null, "x").parse("1.5"));
    assertThrows(
        IllegalArgumentException.class, () -> OptionSpec.ofChoice("mode", "c", "default not a choice", "a", "b"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Options.parse(List.of(OptionSpec.ofInt("a", 1, "x"), OptionSpec.ofInt("a", 2, "y")), Map.of()));
  }

  @Test
  void readingAnOptionAsTheWrongTypeIsAProgrammingError() {
    Options options = Options.parse(SPECS, Map.of());
    assertThrows(IllegalStateException.class, () -> options.getInt("threshold"));
    assertThrows(IllegalStateException.class, () -> options.getInt("length"));
    assertThrows(IllegalArgumentException.class, () -> options.getInt("nope"));
  }

  @Test
  void aDerivedValueIsInEffectAndMarkedInDeclarationOrder() {
    Options parsed = Options.parse(SPECS, Map.of("threshold", "0.5"));
    Options derived = parsed.derive("length", "12");
    assertEquals(12, derived.getInt("length"));
    assertTrue(derived.isDerived("length"));
    assertFalse(derived.isDerived("threshold"));
    assertFalse(derived.given("length"));
    assertEquals(List.of("length"), derived.derived());
    assertEquals(
        List.of("length", "threshold", "tanh", "seed", "sharing", "polynomial"),
        List.copyOf(derived.asText().keySet()));
    assertEquals("12", derived.asText().get("length"));
    assertEquals("0.5", derived.asText().get("threshold"));
    assertFalse(parsed.has("length"), "derive returns a copy");
    assertEquals(List.of(), parsed.derived());
  }

  @Test
  void onlyAnOptionWithoutAValueIsDerived() {
    Options parsed = Options.parse(SPECS, Map.of("length", "8"));
    assertThrows(IllegalStateException.class, () -> parsed.derive("length", "12"));
    assertThrows(IllegalStateException.class, () -> parsed.derive("threshold", "0.1"));
    assertThrows(IllegalArgumentException.class, () -> parsed.derive("nope", "1"));
    InvalidOptionException e =
        assertThrows(
            InvalidOptionException.class,
            () -> Options.parse(SPECS, Map.of()).derive("length", "many"));
    assertEquals("length", e.option());
  }

  private static void assertMessage(Map<String, String> raw, String expected) {
    InvalidOptionException e =
        assertThrows(InvalidOptionException.class, () -> Options.parse(SPECS, raw));
    assertEquals(expected, e.getMessage());
  }

  @Test
  void aPluginOptionCarriesThatPluginsOwnOptionsUnderItsDottedName() {
    List<OptionSpec> specs =
        List.of(OptionSpec.ofPlugin("code", "random-binary", "generator"),
            OptionSpec.ofInt("members", 3, "members"), OptionSpec.ofInt("length", null, "K"));
    Options parsed =
        Options.parse(specs, Map.of("code", "crc", "code.polynomial", "CRC7", "members", "2"));
    assertEquals("crc", parsed.getString("code"));
    assertEquals(Map.of("polynomial", "CRC7"), parsed.nested("code"));
    assertEquals("CRC7", parsed.asText().get("code.polynomial"));
    assertEquals(Map.of(), Options.parse(specs, Map.of()).nested("code"));
    assertEquals(
        Map.of("polynomial", "CRC7"), parsed.derive("length", "16").nested("code"),
        "derive keeps the nested options");
    InvalidOptionException unknown =
        assertThrows(
            InvalidOptionException.class, () -> Options.parse(specs, Map.of("members.x", "1")));
    assertTrue(unknown.getMessage().contains("code.OPTION"), unknown.getMessage());
    assertThrows(InvalidOptionException.class, () -> Options.parse(specs, Map.of("code", " ")));
    assertThrows(IllegalArgumentException.class, () -> parsed.nested("members"));
  }
}
