package org.ecoc4j.evaluation;

/**
 * The outcome of one attack at one radius.
 *
 * @param attack the attack's name
 * @param whiteBox whether the attack read gradients
 * @param epsilon the radius
 * @param metrics the decoder's decisions on the adversarial examples
 */
public record AttackResult(String attack, boolean whiteBox, double epsilon, Metrics metrics) {}
