/**
 * What a training and inference backend exchanges with the rest of ecoc4j, without any native,
 * protobuf or third-party type.
 *
 * <ul>
 *   <li>{@link org.ecoc4j.api.backend.Backend}: the SPI of training and inference engines; it
 *       returns a {@link org.ecoc4j.api.backend.TrainedNetwork}.
 *   <li>{@link org.ecoc4j.api.backend.ModelSpec}: which architecture, for which image shape,
 *       output width and number of ensemble members.
 *   <li>{@link org.ecoc4j.api.backend.LossSpec}: the training loss (cross-entropy, or squared
 *       error of tanh outputs against codewords).
 *   <li>{@link org.ecoc4j.api.backend.TrainingConfig}: epochs, batch size, optimizer settings,
 *       seed, {@link org.ecoc4j.api.backend.LearningRateSchedule}.
 *   <li>{@link org.ecoc4j.api.backend.Split}: the in-memory training and test data a
 *       trainer reads; a dataset adapter implements it.
 *   <li>{@link org.ecoc4j.api.backend.Augmentation}: changes training batches in place,
 *       from a random source the trainer derives deterministically.
 *   <li>{@link org.ecoc4j.api.backend.GradientOracle}: loss and gradient with respect to the input
 *       for a batch, what white-box attacks need, or the losses alone for black-box attacks.
 * </ul>
 *
 * <p>Images are flat float arrays, sample-major, each sample {@code C x H x W} in row-major
 * (channel, row, column) order. Network outputs follow the layout of
 * {@link org.ecoc4j.api.decoding}: member {@code m} of sample {@code b} at bit {@code j} is at
 * {@code (b * M + m) * K + j}.
 */
package org.ecoc4j.api.backend;

import org.ecoc4j.api.data.Augmentation;

import org.ecoc4j.api.data.Split;
