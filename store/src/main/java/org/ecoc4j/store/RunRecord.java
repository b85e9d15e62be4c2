package org.ecoc4j.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a training run in progress records about itself ({@value TrainingRunFolder#RECORD} in its
 * {@link TrainingRunFolder}): the command that started it, its settings (by the name the user
 * knows, {@code --learning-rate} or {@code -O defense.code-length}) and every resume. A resume
 * compares its settings with these; the finished model's description keeps the resumes.
 *
 * @param command the command line that started the run
 * @param settings every setting the weights depend on, by name
 * @param resumes the resumes so far, oldest first
 */
public record RunRecord(String command, Map<String, String> settings, List<Resume> resumes) {

  /** The format tag of the record. */
  public static final String FORMAT = "ecoc4j-run/1";

  /**
   * One resume of the run.
   *
   * @param afterEpochs epochs logged before it
   * @param at when it started (ISO-8601)
   * @param changed settings that changed, each to its value before and after
   */
  public record Resume(int afterEpochs, String at, Map<String, List<String>> changed) {

    /** Copies the changes. */
    public Resume {
      Objects.requireNonNull(at, "at");
      changed = Map.copyOf(changed);
    }
  }

  /** Copies the settings and resumes. */
  public RunRecord {
    Objects.requireNonNull(command, "command");
    settings = Map.copyOf(settings);
    resumes = List.copyOf(resumes);
  }

  /**
   * The names of the settings that differ between this record and {@code now} (one missing on
   * either side counts), each with its value here and in {@code now}, in name order.
   */
  public Map<String, List<String>> differences(Map<String, String> now) {
    Map<String, List<String>> differ = new LinkedHashMap<>();
    TreeSet<String> names = new TreeSet<>(settings.keySet());
    names.addAll(now.keySet());
    for (String name : names) {
      String before = settings.getOrDefault(name, "(unset)");
      String after = now.getOrDefault(name, "(unset)");
      if (!before.equals(after)) {
        differ.put(name, List.of(before, after));
      }
    }
    return differ;
  }

  /** This record after one more resume with {@code now} as the settings. */
  public RunRecord resumed(Map<String, String> now, int afterEpochs, String at) {
    List<Resume> more = new ArrayList<>(resumes);
    more.add(new Resume(afterEpochs, at, differences(now)));
    return new RunRecord(command, now, more);
  }

  /** The resumes as the model description's provenance keeps them. */
  public List<Map<String, Object>> provenance() {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Resume r : resumes) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("afterEpochs", r.afterEpochs());
      m.put("at", r.at());
      Map<String, Object> changed = new TreeMap<>();
      r.changed().forEach((name, values) ->
          changed.put(name, Map.of("before", values.get(0), "after", values.get(1))));
      m.put("changedSettings", changed);
      list.add(m);
    }
    return list;
  }

  /** The record as JSON text. */
  public String toJson() {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("format", FORMAT);
    root.put("command", command);
    ObjectNode s = root.putObject("settings");
    new TreeMap<>(settings).forEach(s::put);
    root.set("resumes", Json.mapper().valueToTree(provenance()));
    return Json.text(root);
  }

  /**
   * Reads a record that {@link #toJson} wrote.
   *
   * @throws InputFileException naming {@code file} when the text is not such a record
   */
  public static RunRecord parse(String text, Path file) {
    try {
      JsonNode root = Json.mapper().readTree(text);
      if (root == null || !FORMAT.equals(root.path("format").asText())
          || !root.path("settings").isObject() || !root.path("command").isTextual()) {
        throw new InputFileException("run record " + file + " is not an " + FORMAT + " record");
      }
      Map<String, String> settings = new LinkedHashMap<>();
      root.get("settings").fields().forEachRemaining(e -> settings.put(e.getKey(),
          e.getValue().asText()));
      List<Resume> resumes = new ArrayList<>();
      for (JsonNode r : root.path("resumes")) {
        Map<String, List<String>> changed = new LinkedHashMap<>();
        r.path("changedSettings").fields().forEachRemaining(e -> changed.put(e.getKey(),
            List.of(e.getValue().path("before").asText(), e.getValue().path("after").asText())));
        resumes.add(new Resume(r.path("afterEpochs").asInt(), r.path("at").asText(), changed));
      }
      return new RunRecord(root.get("command").asText(), settings, resumes);
    } catch (IOException e) {
      throw new InputFileException("run record " + file + " is not valid JSON: "
          + e.getMessage(), e);
    }
  }
}
