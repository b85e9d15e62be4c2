/**
 * A small symbolic interface for differentiable math over a batch: {@link
 * org.ecoc4j.api.symbolic.Terms} builds {@link org.ecoc4j.api.symbolic.Term}s over a network's
 * outputs, per sample (one row per sample) or batch-level (similarity matrices, masked row
 * reductions, class means, constant matrices across the batch such as a {@link
 * org.ecoc4j.api.symbolic.BatchMixing}), and a backend compiles them (for example to an ONNX graph
 * fragment). No native or protobuf type appears here.
 */
package org.ecoc4j.api.symbolic;
