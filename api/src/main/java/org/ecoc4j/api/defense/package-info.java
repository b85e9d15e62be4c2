/**
 * The {@link org.ecoc4j.api.defense.Defense} SPI: how a defended classifier is built, trained,
 * decoded and attacked honestly. A defense, bound to its options, says how many member networks
 * it needs and how wide they are, which codebooks they are trained on, the training loss
 * (written with {@link org.ecoc4j.api.symbolic.Terms}), the deployed decoder, the class-score
 * surface before any saturating function, and the adaptive attack objective that targets it.
 */
package org.ecoc4j.api.defense;
