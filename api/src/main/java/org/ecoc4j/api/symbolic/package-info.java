/**
 * A small symbolic interface for differentiable per-sample math: {@link
 * org.ecoc4j.api.symbolic.Terms} builds {@link org.ecoc4j.api.symbolic.Term}s over a network's
 * outputs, and a backend compiles them (for example to an ONNX graph fragment). No native or
 * protobuf type appears here.
 */
package org.ecoc4j.api.symbolic;
