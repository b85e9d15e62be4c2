package org.ecoc4j.backends.onnx.zoo;

import ai.onnx.proto.OnnxMl.NodeProto;

/** Errors of {@link OnnxImport}: they name the operator, the node and the reason. */
final class ImportError {

  private ImportError() {}

  /** An error for a node that cannot be imported. */
  static IllegalArgumentException of(NodeProto node, String reason) {
    return new IllegalArgumentException(
        node.getOpType() + " node '" + node.getName() + "' cannot be imported: " + reason);
  }
}
