package org.ecoc4j.launcher.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.store.Json;

/**
 * Writes decoded samples: per sample its class (empty or null when rejected), confidence, whether
 * it was rejected and why.
 */
public final class DecisionsReport {

  private DecisionsReport() {}

  /** CSV with the header {@code sample,class,confidence,rejected,reason}. */
  public static String csv(Decisions decisions) {
    StringWriter text = new StringWriter();
    CSVFormat format =
        CSVFormat.DEFAULT.builder()
            .setRecordSeparator('\n')
            .setHeader("sample", "class", "confidence", "rejected", "reason")
            .get();
    try (CSVPrinter printer = new CSVPrinter(text, format)) {
      for (int i = 0; i < decisions.size(); i++) {
        printer.printRecord(
            i,
            decisions.rejected(i) ? "" : decisions.label(i),
            decisions.confidence(i),
            decisions.rejected(i),
            decisions.rejection(i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write decisions as CSV", e);
    }
    return text.toString();
  }

  /** JSON naming the decoder and its options, then one object per sample. */
  public static String json(String decoder, Map<String, String> options, Decisions decisions) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("decoder", decoder);
    ObjectNode optionsNode = root.putObject("options");
    new TreeMap<>(options).forEach(optionsNode::put);
    ArrayNode samples = root.putArray("decisions");
    for (int i = 0; i < decisions.size(); i++) {
      ObjectNode sample = samples.addObject();
      sample.put("sample", i);
      if (decisions.rejected(i)) {
        sample.putNull("class");
      } else {
        sample.put("class", decisions.label(i));
      }
      sample.put("confidence", decisions.confidence(i));
      sample.put("rejected", decisions.rejected(i));
      sample.put("reason", decisions.rejection(i).name());
    }
    return Json.text(root);
  }
}
