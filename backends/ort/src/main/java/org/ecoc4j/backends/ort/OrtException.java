package org.ecoc4j.backends.ort;

/** An error ONNX Runtime reported through an {@code OrtStatus}, with what ecoc4j was doing. */
public final class OrtException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;

  /**
   * Creates the exception.
   *
   * @param code ONNX Runtime's {@code OrtErrorCode}
   * @param message what was attempted and ONNX Runtime's message
   */
  public OrtException(int code, String message) {
    super(message);
    this.code = code;
  }

  /** ONNX Runtime's error code ({@code OrtErrorCode}), e.g. 2 for an invalid argument. */
  public int code() {
    return code;
  }
}
