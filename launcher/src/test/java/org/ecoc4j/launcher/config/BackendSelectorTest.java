package org.ecoc4j.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingStage;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.ecoc4j.host.PluginEntry;
import org.ecoc4j.host.PluginKinds;
import org.ecoc4j.host.PluginOrigin;
import org.ecoc4j.host.PluginRegistry;
import org.ecoc4j.host.UnknownPluginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which backend {@link BackendSelector} picks, and its errors. */
class BackendSelectorTest {

  @TempDir Path work;

  /** A backend that only has a name. */
  private record Named(String name) implements Backend {
    @Override
    public String description() {
      return "test backend " + name;
    }

    @Override
    public List<OptionSpec> options() {
      return List.of();
    }

    @Override
    public TrainedNetwork train(
        ModelSpec model, List<TrainingStage> stages, TrainingData data,
        Map<String, String> options) {
      throw new UnsupportedOperationException("not used");
    }

    @Override
    public TrainedNetwork load(
        ModelSpec model, LossSpec loss, Path checkpoint, Map<String, String> options) {
      throw new UnsupportedOperationException("not used");
    }
  }

  private static PluginRegistry<Backend> installed(String... names) {
    return PluginRegistry.of(
        PluginKinds.BACKEND,
        Arrays.stream(names)
            .map(n -> new PluginEntry<Backend>(
                PluginKinds.BACKEND, new Named(n), PluginOrigin.builtIn(), Optional.of("1")))
            .toList());
  }

  private BackendSelector selector(Map<String, String> environment) {
    return new BackendSelector(
        LauncherConfig.build(
            new LaunchEnvironment(work, environment, Map.of()), Optional.empty(), notice -> {}));
  }

  private String chosen(Map<String, String> env, String given, String trainedWith,
      String... names) {
    return selector(env).select(installed(names), given, trainedWith).name();
  }

  @Test
  void theCommandLineWinsOverConfigurationAndTheSavedModel() {
    assertEquals("jax", chosen(Map.of("ECOC4J_BACKEND", "ort"), "jax", "ort", "jax", "ort"));
  }

  @Test
  void configurationWinsOverTheSavedModelAndTheFallback() {
    assertEquals("jax", chosen(Map.of("ECOC4J_BACKEND", "jax"), null, "ort", "jax", "ort"));
  }

  @Test
  void aSavedModelKeepsItsOwnBackendWhenInstalled() {
    assertEquals("jax", chosen(Map.of(), null, "jax", "jax", "ort"));
    assertEquals("ort", chosen(Map.of(), null, "gone", "jax", "ort"));
  }

  @Test
  void theOnlyInstalledBackendElseOrt() {
    assertEquals("jax", chosen(Map.of(), null, null, "jax"));
    assertEquals("ort", chosen(Map.of(), null, null, "jax", "ort", "tvm"));
  }

  @Test
  void unknownNamesListTheInstalledBackends() {
    UnknownPluginException given =
        assertThrows(UnknownPluginException.class, () -> chosen(Map.of(), "nope", null, "ort"));
    assertEquals("unknown backend 'nope'; available: ort", given.getMessage());
    UnknownPluginException configured =
        assertThrows(UnknownPluginException.class,
            () -> chosen(Map.of("ECOC4J_BACKEND", "nope"), null, null, "jax", "ort"));
    assertEquals(
        "environment variable ECOC4J_BACKEND: unknown backend 'nope'; available: jax, ort",
        configured.getMessage());
  }

  @Test
  void severalBackendsWithoutOrtNeedAChoice() {
    UnknownPluginException e =
        assertThrows(UnknownPluginException.class, () -> chosen(Map.of(), null, null, "a", "b"));
    assertEquals(
        "several backends are installed (a, b) and none is chosen; give --backend NAME or set"
            + " ecoc4j.backend",
        e.getMessage());
    UnknownPluginException none =
        assertThrows(UnknownPluginException.class, () -> chosen(Map.of(), null, null));
    assertEquals("unknown backend 'ort'; available: (none)", none.getMessage());
  }
}
