package org.ecoc4j.store;

import java.util.Objects;

/**
 * One row of {@code ecoc4j predict}'s output: an image's name and what the model decided.
 *
 * @param name the file name, or {@code file#index} for a record of an IDX or CIFAR-10 file
 * @param classification the decision
 */
public record Prediction(String name, Classification classification) {

  /** Refuses nulls. */
  public Prediction {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(classification, "classification");
  }
}
