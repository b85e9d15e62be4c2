package org.ecoc4j.backends.onnx.export;

/**
 * A decoder, or a setting of one, that the whole-model ONNX export cannot write as graph nodes;
 * the message names it. Nothing is written when it is thrown.
 */
public final class UnsupportedDecoderException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** @param message names the decoder or setting and why */
  public UnsupportedDecoderException(String message) {
    super(message);
  }
}
