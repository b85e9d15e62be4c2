package org.ecoc4j.host;

import java.util.List;
import java.util.Optional;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.plugin.OptionSpec;

/**
 * Every SPI the host knows. Adding an SPI is one line in {@link #ALL}: loading, the registry,
 * Guice bindings, configuration keys and {@code plugins list} follow from it.
 */
public final class PluginKinds {

  /** Codebook generators, configured under {@code ecoc4j.codebook.<name>.<option>}. */
  public static final PluginKind<CodebookGenerator> CODEBOOK =
      new PluginKind<>(
          "codebook",
          "codebook generator",
          CodebookGenerator.class,
          List.of(
              OptionSpec.ofInt("length", null, "code length K; the generator's default if not set"),
              OptionSpec.ofInt("members", 1, "number of ensemble members, one codebook each"),
              OptionSpec.ofLong("seed", 0L, "seed of every random choice")));

  /** Decoders, configured under {@code ecoc4j.decoder.<name>.<option>}. */
  public static final PluginKind<Decoder> DECODER =
      new PluginKind<>("decoder", "decoder", Decoder.class);

  /** Dataset providers, configured under {@code ecoc4j.dataset.<name>.<option>}. */
  public static final PluginKind<DatasetProvider> DATASET =
      new PluginKind<>("dataset", "dataset", DatasetProvider.class);

  /** Defenses, configured under {@code ecoc4j.defense.<name>.<option>}. */
  public static final PluginKind<Defense> DEFENSE =
      new PluginKind<>("defense", "defense", Defense.class);

  /** Backends, configured under {@code ecoc4j.backend.<name>.<option>}. */
  public static final PluginKind<Backend> BACKEND =
      new PluginKind<>("backend", "backend", Backend.class);

  /** Attacks, configured under {@code ecoc4j.attack.<name>.<option>}. */
  public static final PluginKind<Attack> ATTACK =
      new PluginKind<>("attack", "attack", Attack.class);

  /** Attack objectives, configured under {@code ecoc4j.objective.<name>.<option>}. */
  public static final PluginKind<Objective> OBJECTIVE =
      new PluginKind<>("objective", "attack objective", Objective.class);

  /** All kinds, in the order {@code plugins list} shows them. */
  public static final List<PluginKind<?>> ALL =
      List.of(CODEBOOK, DECODER, DATASET, DEFENSE, BACKEND, ATTACK, OBJECTIVE);

  private PluginKinds() {}

  /** The kind whose {@link PluginKind#key()} is {@code key}, if any. */
  public static Optional<PluginKind<?>> byKey(String key) {
    return ALL.stream().filter(kind -> kind.key().equals(key)).findFirst();
  }
}
