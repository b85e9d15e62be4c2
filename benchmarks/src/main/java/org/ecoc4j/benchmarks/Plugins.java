package org.ecoc4j.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.plugin.Plugin;

/** Finds the plugins the benchmarks measure by name, as a launcher would. */
final class Plugins {

  private Plugins() {}

  static CodebookGenerator generator(String name) {
    return find(CodebookGenerator.class, name);
  }

  static Decoder decoder(String name) {
    return find(Decoder.class, name);
  }

  /** One codebook from the named generator, with the given length and options, seed 1. */
  static Codebook codebook(String generator, int classes, int length, Map<String, String> options) {
    List<Codebook> codebooks =
        generator(generator)
            .generate(CodebookSpec.of(classes).withLength(length).withSeed(1).withOptions(options));
    return codebooks.get(0);
  }

  private static <T extends Plugin> T find(Class<T> spi, String name) {
    for (T plugin : ServiceLoader.load(spi)) {
      if (plugin.name().equals(name)) {
        return plugin;
      }
    }
    throw new IllegalStateException("no " + spi.getSimpleName() + " named " + name + " on the path");
  }
}
