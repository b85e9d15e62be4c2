package org.ecoc4j.backends.ort;

/** What a session is for; its label names the session's profile file. */
enum SessionRole {
  /** A training session: ONNX Runtime's training, eval and optimizer sessions. */
  TRAINING("training"),
  /** The inference session of an attack's loss and input gradient. */
  ATTACK("attack"),
  /** The inference session of an attack's loss-only queries. */
  ATTACK_LOSSES("attack-losses"),
  /** Any other inference session (an exported or imported model). */
  INFERENCE("inference");

  private final String label;

  SessionRole(String label) {
    this.label = label;
  }

  /** The word in the session's profile file name. */
  String label() {
    return label;
  }
}
