/**
 * Robustness evaluation of ecoc4j: clean accuracy and first-choice accuracy, then robust accuracy,
 * attack success rate, undetectable error, rejection rate and reliability for every attack and
 * epsilon, re-scored on the deployed decoder; gradient-masking flags; the accuracy-reliability
 * curve over a rejection threshold and out-of-distribution rejection; reports as JSON, CSV and
 * PNG plots.
 */
module ecoc4j.evaluation {
  requires transitive ecoc4j.api;
  requires com.fasterxml.jackson.databind;
  requires org.apache.commons.csv;
  requires org.knowm.xchart;
  requires java.desktop;

  exports org.ecoc4j.evaluation;
}
