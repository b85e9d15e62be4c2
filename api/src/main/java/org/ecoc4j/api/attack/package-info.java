/**
 * Adversarial attacks and the objectives they optimize.
 *
 * <ul>
 *   <li>{@link org.ecoc4j.api.attack.Attack}: the SPI of attack methods (FGSM, PGD, Square, ...);
 *       {@link org.ecoc4j.api.attack.PreparedAttack} attacks a batch within a {@link
 *       org.ecoc4j.api.attack.Budget} for a {@link org.ecoc4j.api.attack.Goal}.
 *   <li>{@link org.ecoc4j.api.attack.Objective}: the SPI of per-sample losses an attack optimizes,
 *       written once with the symbolic terms of {@link org.ecoc4j.api.symbolic} and compiled by a
 *       backend into a {@link org.ecoc4j.api.backend.GradientOracle}.
 * </ul>
 *
 * <p>Images are flat float arrays, sample-major, each {@code C x H x W}, as in {@link
 * org.ecoc4j.api.backend}.
 */
package org.ecoc4j.api.attack;
