package org.ecoc4j.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PluginOptionResolverTest {

  private static final List<OptionSpec> DECLARED =
      List.of(OptionSpec.ofInt("size", 3, "a size"), OptionSpec.ofDouble("threshold", 0.5, "t"));

  private static PluginOptionResolver resolver(Map<String, String> env, Map<String, String> props) {
    return new PluginOptionResolver(
        LauncherConfig.build(
            new LaunchEnvironment(Path.of("/nonexistent-dir"), env, props), Optional.empty(),
            notice -> {}));
  }

  /**
   * Every source at the same bound or at 0, then 50 cases whose four values in [-1000, 1000] are
   * drawn from their seed.
   */
  static Stream<Arguments> sourceValues() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, -1000, -1000, -1000, -1000), Arguments.of(0L, 1000, 1000, 1000, 1000),
        Arguments.of(0L, 0, 0, 0, 0), Arguments.of(0L, -1000, 1000, -1000, 1000));
    Stream<Arguments> drawn = LongStream.range(0, 50).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(-1000, 1001), random.nextInt(-1000, 1001),
          random.nextInt(-1000, 1001), random.nextInt(-1000, 1001));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} file={1} env={2} property={3} commandLine={4}")
  @MethodSource("sourceValues")
  void eachSourceWinsOverTheOnesBelowIt(
      long seed, int file, int env, int property, int commandLine) throws IOException {
    Path folder = Files.createTempDirectory("resolver");
    Files.writeString(folder.resolve("ecoc4j.properties"), "ecoc4j.decoder.zadeh.size=" + file + "\n");
    Map<String, String> environment = Map.of("ECOC4J_DECODER_ZADEH_SIZE", String.valueOf(env));
    Map<String, String> properties = Map.of("ecoc4j.decoder.zadeh.size", String.valueOf(property));
    assertEquals(file, size(folder, Map.of(), Map.of(), Map.of()));
    assertEquals(env, size(folder, environment, Map.of(), Map.of()));
    assertEquals(property, size(folder, environment, properties, Map.of()));
    assertEquals(
        commandLine,
        size(folder, environment, properties, Map.of("size", String.valueOf(commandLine))));
  }

  private static int size(
      Path folder, Map<String, String> env, Map<String, String> props, Map<String, String> cli) {
    PluginOptionResolver resolver =
        new PluginOptionResolver(
            LauncherConfig.build(
                new LaunchEnvironment(folder, env, props), Optional.empty(), notice -> {}));
    return resolver.resolve("decoder", "zadeh", DECLARED, List.of(), cli).options().getInt("size");
  }

  @Test
  void defaultsWhenNothingIsConfigured() {
    ResolvedOptions resolved =
        resolver(Map.of(), Map.of()).resolve("decoder", "zadeh", DECLARED, List.of(), Map.of());
    assertEquals(3, resolved.options().getInt("size"));
    assertEquals(Map.of(), resolved.raw());
  }

  @Test
  void environmentNamesMapToHyphenatedOptions() {
    ResolvedOptions resolved =
        resolver(Map.of("ECOC4J_DECODER_ZADEH_THRESHOLD", "0.25"), Map.of())
            .resolve("decoder", "zadeh", DECLARED, List.of(), Map.of("size", "9"));
    assertEquals(0.25, resolved.options().getDouble("threshold"));
    assertEquals(9, resolved.options().getInt("size"));
  }

  @Test
  void anotherPluginsEnvironmentVariableIsNotThisPluginsUnknownOption() {
    // ECOC4J_DECODER_BIT_THRESHOLD_SIZE belongs to 'bit-threshold', not to an option of 'bit'.
    Map<String, String> env = Map.of("ECOC4J_DECODER_BIT_THRESHOLD_SIZE", "4");
    ResolvedOptions bit =
        resolver(env, Map.of()).resolve("decoder", "bit", DECLARED, List.of("bit-threshold"), Map.of());
    assertEquals(3, bit.options().getInt("size"));
    ResolvedOptions bitThreshold =
        resolver(env, Map.of()).resolve("decoder", "bit-threshold", DECLARED, List.of("bit"), Map.of());
    assertEquals(4, bitThreshold.options().getInt("size"));
    InvalidOptionException error =
        assertThrows(
            InvalidOptionException.class,
            () -> resolver(env, Map.of()).resolve("decoder", "bit", DECLARED, List.of(), Map.of()));
    assertTrue(error.getMessage().contains("ECOC4J_DECODER_BIT_THRESHOLD_SIZE"), error.getMessage());
  }

  @Test
  void commandLineErrorsAreNotBlamedOnConfiguration() {
    InvalidOptionException error =
        assertThrows(
            InvalidOptionException.class,
            () -> resolver(Map.of(), Map.of("ecoc4j.decoder.zadeh.size", "2"))
                .resolve("decoder", "zadeh", DECLARED, List.of(), Map.of("size", "two")));
    assertEquals("option 'size' expects an integer, got 'two'", error.getMessage());
  }

  @Test
  void systemPropertiesNameTheirSource() {
    InvalidOptionException error =
        assertThrows(
            InvalidOptionException.class,
            () -> resolver(Map.of(), Map.of("ecoc4j.decoder.zadeh.size", "two"))
                .resolve("decoder", "zadeh", DECLARED, List.of(), Map.of()));
    assertTrue(
        error.getMessage().startsWith(
            "configuration key ecoc4j.decoder.zadeh.size from system properties: "),
        error.getMessage());
  }
}
