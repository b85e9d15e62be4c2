package org.ecoc4j.store;

/**
 * The backend chosen for a saved model cannot load its checkpoint: it reads another checkpoint
 * format than the one the model was saved in.
 */
public final class BackendMismatchException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the whole message, naming the model, both backends and their formats
   */
  public BackendMismatchException(String message) {
    super(message);
  }
}
