/**
 * Training as a sequence of stages, and what a backend implements for a backend-neutral training
 * loop to drive it.
 *
 * <ul>
 *   <li>{@link org.ecoc4j.api.training.TrainingStage}: one stage of a defense's training: its
 *       loss, data views, optimizer settings and epochs, and whether it starts from the previous
 *       stage's weights or from scratch. A defense declares its stages with {@link
 *       org.ecoc4j.api.defense.PreparedDefense#stages}; a single-stage defense has one.
 *   <li>{@link org.ecoc4j.api.training.DataView}: how each training sample is shown to a stage
 *       (the dataset's own augmentation, or an augmentation of the stage's choosing); a stage
 *       with two views sees every sample twice, differently augmented.
 *   <li>{@link org.ecoc4j.api.training.TrainingData}: the training and test splits and the
 *       dataset's training augmentation.
 *   <li>{@link org.ecoc4j.api.training.TrainingEngine} and {@link
 *       org.ecoc4j.api.training.StageNetwork}: the backend's part. A backend builds the network of
 *       a stage (from scratch, from the previous stage's weights, or from its own checkpoint),
 *       runs one optimizer step on a batch ({@link org.ecoc4j.api.training.StepContext} in,
 *       {@link org.ecoc4j.api.training.StepResult} out), classifies a split and writes its
 *       checkpoint format, recording a {@link org.ecoc4j.api.training.TrainingProgress}.
 * </ul>
 *
 * <p>The loop itself (epochs, batch order, learning-rate schedule, augmentation, divergence
 * checks, evaluation, progress, checkpoint and resume orchestration) is not part of the API: the
 * module {@code ecoc4j.training} implements it once for every backend.
 */
package org.ecoc4j.api.training;
