package org.ecoc4j.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an evaluation as JSON: {@code provenance} (as given: plugins, options, seeds, data,
 * device, versions), {@code goal} ({@code untargeted} or {@code targeted}), {@code targets} (the
 * target selection's name, {@code null} when untargeted), {@code clean}, {@code attacks} (one entry
 * per attack and epsilon), {@code worstCase} (one entry per epsilon: the per-sample worst case over
 * the attacks named in its {@code attacks}, with {@code brokenBy}, how many samples each attack
 * broke first, and {@code breakers}, per sample in test order that attack, {@code clean} or {@code
 * null}), {@code gradients}, {@code flags}, {@code seconds} and, for a randomized or batch-coupled
 * evaluation ({@link Rescoring}), {@code draws}: {@code coupledBatch}, {@code draws}, and the means
 * over draws of {@code clean} and {@code attacks} (the main figures are then the worst case over
 * draws); {@code draws} is {@code null} when every decision was drawn once. Each metrics entry holds {@code
 * samples}, {@code accuracy}, {@code firstChoiceAccuracy}, {@code undetectableError}, {@code
 * successRate}, {@code rejectionRate} and {@code reliability} (see {@link Metrics}).
 * Undefined ratios (NaN) are written as {@code null}.
 */
final class JsonReport {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static void write(Path file, EvaluationResult result, Map<String, Object> provenance)
      throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.set("provenance", MAPPER.valueToTree(provenance));
    root.put("goal", result.goal().name().toLowerCase(Locale.ROOT));
    if (result.targets() == null) {
      root.putNull("targets");
    } else {
      root.put("targets", result.targets().label());
    }
    root.set("clean", metrics(result.clean()));
    ArrayNode attacks = root.putArray("attacks");
    for (AttackResult r : result.attacks()) {
      ObjectNode entry = attacks.addObject();
      entry.put("attack", r.attack());
      entry.put("whiteBox", r.whiteBox());
      entry.put("epsilon", r.epsilon());
      entry.put("cumulative", r.cumulative());
      ratio(entry, "medianL2", r.medianL2());
      entry.setAll(metrics(r.metrics()));
    }
    ArrayNode worstCase = root.putArray("worstCase");
    for (WorstCaseResult r : result.worstCase()) {
      ObjectNode entry = worstCase.addObject();
      entry.put("epsilon", r.epsilon());
      ArrayNode over = entry.putArray("attacks");
      result.attacks().stream()
          .filter(a -> a.epsilon() == r.epsilon())
          .forEach(a -> over.add(a.attack()));
      entry.setAll(metrics(r.metrics()));
      ObjectNode counts = entry.putObject("brokenBy");
      r.brokenBy().forEach(counts::put);
      ArrayNode breakers = entry.putArray("breakers");
      r.breakers().forEach(breakers::add);
    }
    ObjectNode gradients = root.putObject("gradients");
    gradients.put("samples", result.gradients().samples());
    gradients.put("zero", result.gradients().zero());
    gradients.put("nonFinite", result.gradients().nonFinite());
    ArrayNode flags = root.putArray("flags");
    for (MaskingFlag flag : result.flags()) {
      flags.addObject().put("kind", flag.kind().name()).put("message", flag.message());
    }
    root.put("seconds", result.seconds());
    MeanOverDraws draws = result.draws();
    if (draws == null) {
      root.putNull("draws");
    } else {
      ObjectNode node = root.putObject("draws");
      node.put("coupledBatch", draws.coupledBatch());
      node.put("draws", draws.draws());
      node.set("clean", metrics(draws.clean()));
      ArrayNode means = node.putArray("attacks");
      for (AttackResult r : draws.attacks()) {
        ObjectNode entry = means.addObject();
        entry.put("attack", r.attack());
        entry.put("epsilon", r.epsilon());
        entry.setAll(metrics(r.metrics()));
      }
    }
    MAPPER.writeValue(file.toFile(), root);
  }

  private static ObjectNode metrics(Metrics m) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("samples", m.samples());
    ratio(node, "accuracy", m.accuracy());
    ratio(node, "firstChoiceAccuracy", m.firstChoiceAccuracy());
    ratio(node, "undetectableError", m.undetectableError());
    ratio(node, "successRate", m.successRate());
    ratio(node, "rejectionRate", m.rejectionRate());
    ratio(node, "reliability", m.reliability());
    return node;
  }

  private static void ratio(ObjectNode node, String name, double value) {
    if (Double.isNaN(value)) {
      node.putNull(name);
    } else {
      node.put(name, value);
    }
  }
}
