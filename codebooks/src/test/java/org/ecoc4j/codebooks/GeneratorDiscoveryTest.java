package org.ecoc4j.codebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GeneratorDiscoveryTest {

  private static final String SPI = CodebookGenerator.class.getName();

  @Test
  void serviceLoaderFindsAllFourByName() {
    Map<String, CodebookGenerator> found = loadAll();

    assertEquals(Set.of("one-hot", "random-binary", "hadamard", "crc"), found.keySet());
    for (CodebookGenerator generator : found.values()) {
      assertTrue(!generator.description().isBlank(), generator.name());
      Options defaults = Options.parse(generator.options(), Map.of());
      for (OptionSpec option : generator.options()) {
        assertTrue(!option.help().isBlank(), generator.name() + " " + option.name());
        assertEquals(option.defaultValue() != null, defaults.has(option.name()), option.name());
      }
    }
  }

  @Test
  void moduleDescriptorAndServicesFileDeclareTheSameProviders() throws IOException {
    Module module = GeneratorDiscoveryTest.class.getModule();
    assertTrue(module.isNamed(), "tests run on the module path, inside ecoc4j.codebooks");

    Set<String> declared =
        module.getDescriptor().provides().stream()
            .filter(p -> p.service().equals(SPI))
            .flatMap(p -> p.providers().stream())
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(4, declared.size());
    assertEquals(declared, servicesFileEntries(module));
    assertTrue(module.getDescriptor().exports().isEmpty(), "exports nothing");
    assertTrue(
        module.getDescriptor().requires().stream()
            .map(ModuleDescriptor.Requires::name)
            .anyMatch("ecoc4j.api"::equals));
  }

  /**
   * The fewest and the most classes and members with the extreme seeds, then 40 cases whose
   * classes and members are drawn from their seed, which also seeds the codebooks.
   */
  static Stream<Arguments> specs() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 2, 1), Arguments.of(-1L, 64, 4),
        Arguments.of(Long.MIN_VALUE, 2, 4), Arguments.of(Long.MAX_VALUE, 64, 1));
    Stream<Arguments> drawn = LongStream.range(0, 40).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(2, 65), random.nextInt(1, 5));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} classes={1} members={2}")
  @MethodSource("specs")
  void everyGeneratorIsDeterministicAndReturnsOneCodebookPerMember(
      long seed, int classes, int members) {
    CodebookSpec spec = CodebookSpec.of(classes).withMembers(members).withSeed(seed);
    for (CodebookGenerator generator : loadAll().values()) {
      List<Codebook> books = generator.generate(spec);

      assertEquals(members, books.size(), generator.name());
      for (Codebook book : books) {
        assertEquals(classes, book.classes(), generator.name());
        assertTrue(book.minHammingDistance() >= 1, generator.name() + ": distinct codewords");
      }
      assertEquals(books, generator.generate(spec), generator.name() + " is deterministic");
    }
  }

  private static Map<String, CodebookGenerator> loadAll() {
    GeneratorDiscoveryTest.class.getModule().addUses(CodebookGenerator.class);
    return ServiceLoader.load(CodebookGenerator.class).stream()
        .map(ServiceLoader.Provider::get)
        .collect(Collectors.toMap(CodebookGenerator::name, Function.identity()));
  }

  private static Set<String> servicesFileEntries(Module module) throws IOException {
    try (InputStream in = module.getResourceAsStream("META-INF/services/" + SPI)) {
      assertTrue(in != null, "META-INF/services/" + SPI + " is packaged");
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return reader.lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
