package org.ecoc4j.backends.onnx.training;

/**
 * The tensors a loss fragment adds to a graph.
 *
 * @param loss the scalar training loss (mean over the batch)
 * @param perSample the loss of each sample, [batch]
 */
public record LossTensors(String loss, String perSample) {}
