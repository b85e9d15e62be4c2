/**
 * The backend-neutral training loop of ecoc4j: {@link org.ecoc4j.training.TrainingLoop} runs a
 * defense's {@link org.ecoc4j.api.training.TrainingStage}s on any backend's {@link
 * org.ecoc4j.api.training.TrainingEngine}: epochs, batch order, learning-rate schedule,
 * augmentation, divergence checks, per-epoch evaluation, progress, checkpoints and exact resume.
 * Depends on {@code ecoc4j.api} only.
 */
module ecoc4j.training {
  requires transitive ecoc4j.api;

  exports org.ecoc4j.training;
}
