/**
 * The ecoc4j service provider interfaces and the value types they exchange.
 *
 * <p>This module has no third-party dependencies. Plugins (built in or dropped in as jars) depend
 * on it alone and declare their providers with {@code provides ... with ...}.
 *
 * <ul>
 *   <li>{@link org.ecoc4j.api.plugin}: what every plugin has in common (name, description,
 *       options).
 *   <li>{@link org.ecoc4j.api.codebook}: codebooks, linear block codes and the
 *       {@link org.ecoc4j.api.codebook.CodebookGenerator} SPI.
 *   <li>{@link org.ecoc4j.api.decoding}: the {@link org.ecoc4j.api.decoding.Decoder} SPI and the
 *       batched {@link org.ecoc4j.api.decoding.Decisions} it fills.
 *   <li>{@link org.ecoc4j.api.data}: the {@link org.ecoc4j.api.data.DatasetProvider} SPI, datasets,
 *       splits and reusable image batches.
 *   <li>{@link org.ecoc4j.api.backend}: what training and inference backends exchange: model and
 *       training specifications, the trained network, the input-gradient oracle.
 *   <li>{@link org.ecoc4j.api.training}: training stages and the SPI through which a
 *       backend-neutral training loop drives a backend's per-batch steps, evaluation and
 *       checkpoints.
 *   <li>{@link org.ecoc4j.api.attack}: the {@link org.ecoc4j.api.attack.Attack} and {@link
 *       org.ecoc4j.api.attack.Objective} SPIs, attack budgets and goals.
 *   <li>{@link org.ecoc4j.api.symbolic}: the symbolic terms objectives are written in, which a
 *       backend compiles.
 *   <li>{@link org.ecoc4j.api.defense}: the {@link org.ecoc4j.api.defense.Defense} SPI.
 *   <li>{@link org.ecoc4j.api.random}: the one seed derivation utility.
 * </ul>
 */
module ecoc4j.api {
  exports org.ecoc4j.api.plugin;
  exports org.ecoc4j.api.codebook;
  exports org.ecoc4j.api.decoding;
  exports org.ecoc4j.api.data;
  exports org.ecoc4j.api.backend;
  exports org.ecoc4j.api.training;
  exports org.ecoc4j.api.attack;
  exports org.ecoc4j.api.symbolic;
  exports org.ecoc4j.api.defense;
  exports org.ecoc4j.api.random;

  uses org.ecoc4j.api.codebook.CodebookGenerator;
  uses org.ecoc4j.api.decoding.Decoder;
  uses org.ecoc4j.api.data.DatasetProvider;
  uses org.ecoc4j.api.backend.Backend;
  uses org.ecoc4j.api.attack.Attack;
  uses org.ecoc4j.api.attack.Objective;
  uses org.ecoc4j.api.defense.Defense;
}
