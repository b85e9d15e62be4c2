package org.ecoc4j.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.codebook.Codebook;

/**
 * The folder {@code ecoc4j train} writes: {@value #CHECKPOINT} (the backend's resumable
 * checkpoint), {@value #ONNX} (the plain inference model: input {@code images} [batch, C, H, W],
 * output {@code scores} [batch, members * outputs]), {@value #CODEBOOKS} (each member's codebook
 * as rows of +1/-1) and {@value #PROVENANCE} (defense, options, seeds, model, decoder, adaptive
 * objective, data, backend, training configuration and per-epoch history).
 */
public final class ModelDirectory {

  /** The backend's checkpoint. */
  public static final String CHECKPOINT = "checkpoint.ckpt";
  /** The exported inference model. */
  public static final String ONNX = "model.onnx";
  /** The members' codebooks. */
  public static final String CODEBOOKS = "codebooks.json";
  /** What produced the model. */
  public static final String PROVENANCE = "provenance.json";

  private ModelDirectory() {}

  /**
   * Writes the folder, creating it if needed.
   *
   * @return the files written
   * @throws UncheckedIOException naming the file that could not be written
   */
  public static List<Path> write(Path folder, TrainedDefense trained) {
    Path checkpoint = folder.resolve(CHECKPOINT);
    Path onnx = folder.resolve(ONNX);
    Path codebooks = folder.resolve(CODEBOOKS);
    Path provenance = folder.resolve(PROVENANCE);
    Path current = folder;
    try {
      Files.createDirectories(folder);
      current = checkpoint;
      trained.network().saveCheckpoint(checkpoint);
      current = onnx;
      trained.network().exportInference(onnx);
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      current = codebooks;
      json.writeValue(codebooks.toFile(), codebooks(trained.design().codebooks()));
      current = provenance;
      json.writeValue(provenance.toFile(), provenance(trained));
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException(
          "could not write " + current + ": " + e.getMessage(),
          e instanceof IOException io ? io : new IOException(e));
    }
    return List.of(checkpoint, onnx, codebooks, provenance);
  }

  /** {@code {"members": [{"classes": N, "length": K, "rows": [[+1/-1 ...], ...]}, ...]}}. */
  static Map<String, Object> codebooks(List<Codebook> books) {
    List<Map<String, Object>> members = new ArrayList<>();
    for (Codebook book : books) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("classes", book.classes());
      m.put("length", book.length());
      m.put("minHammingDistance", book.minHammingDistance());
      m.put("rows", book.rows());
      members.add(m);
    }
    return Map.of("members", members);
  }

  private static Map<String, Object> provenance(TrainedDefense trained) {
    TrainingRequest r = trained.request();
    ModelSpec spec = trained.network().spec();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("format", "ecoc4j-model-directory/1");
    p.put("defense", trained.design().name());
    p.put("defenseOptions", trained.design().options());
    p.put("codebookSeed", r.seed());
    p.put("architecture", spec.architecture());
    p.put("input", List.of(spec.input().channels(), spec.input().height(), spec.input().width()));
    p.put("members", spec.members());
    p.put("outputsPerMember", spec.outputs());
    p.put("loss", trained.design().loss().toString());
    p.put("decoder", trained.design().decoder());
    p.put("decoderOptions", trained.design().decoderOptions());
    p.put("adaptiveObjective", trained.design().adaptiveObjective());
    p.put("backend", r.backend());
    p.put("backendOptions", r.backendOptions());
    p.put("training", TrainingProvenance.of(r.config()));
    p.put("dataset", trained.dataset().name());
    p.put("datasetSource", trained.dataset().source());
    p.put("classNames", trained.dataset().classNames());
    List<Map<String, Object>> history = new ArrayList<>();
    for (EpochSummary e : trained.network().history()) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("epoch", e.epoch());
      h.put("trainLoss", e.trainLoss());
      h.put("trainAccuracy", e.trainAccuracy());
      h.put("testAccuracy", Double.isNaN(e.testAccuracy()) ? null : e.testAccuracy());
      history.add(h);
    }
    p.put("history", history);
    p.put("trainingSeconds", trained.seconds());
    p.put("java", System.getProperty("java.version"));
    return p;
  }
}
