package org.ecoc4j.backends.onnx.zoo;

import java.util.Map;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;

/**
 * What the import part of an operator sees while an imported model is replayed into a graph.
 *
 * @param g the graph being built
 * @param training whether the forward pass is built for training (batch statistics)
 * @param updates where BatchNormalization records its running statistics' next values
 * @param folder the shape folder of this replay (folded shapes, Reshape targets)
 * @param floatConstants the file's scalar and vector float constants, by name
 */
record ImportStep(
    GraphBuilder g,
    boolean training,
    Map<String, String> updates,
    ShapeFolder folder,
    Map<String, float[]> floatConstants) {}
