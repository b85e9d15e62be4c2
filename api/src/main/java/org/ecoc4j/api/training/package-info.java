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
 *   <li>{@link org.ecoc4j.api.training.StagePreparation}: what a later stage computes from the
 *       network the previous stage ended with, before its first step: a code table generated
 *       from that network's outputs on the generation split, and the stage's loss against it.
 *   <li>{@link org.ecoc4j.api.training.TrainingData}: the training and test splits, the
 *       dataset's training augmentation, and optionally the generation split (for stage
 *       preparations) and the validation split (which selects the deployed epoch of the last
 *       stage).
 *   <li>{@link org.ecoc4j.api.training.TrainingEngine} and {@link
 *       org.ecoc4j.api.training.StageNetwork}: the backend's part. A backend builds the network of
 *       a stage (from scratch, from the previous stage's weights, or from its own checkpoint),
 *       runs one optimizer step on a batch ({@link org.ecoc4j.api.training.StepContext} in,
 *       {@link org.ecoc4j.api.training.StepResult} out), classifies a split, gives its outputs
 *       on a split and writes its checkpoint format, recording a {@link
 *       org.ecoc4j.api.training.TrainingProgress}.
 * </ul>
 *
 * <p>The loop itself (epochs, batch order, learning-rate schedule, augmentation, divergence
 * checks, evaluation, progress, checkpoint and resume orchestration) is not part of the API: the
 * module {@code ecoc4j.training} implements it once for every backend.
 */
package org.ecoc4j.api.training;
