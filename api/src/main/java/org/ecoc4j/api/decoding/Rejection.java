package org.ecoc4j.api.decoding;

/** Why a decoder abstained from a decision, or {@link #NONE} when it decided. */
public enum Rejection {
  /** Not rejected: the decision holds a class. */
  NONE,
  /** The decision's confidence (e.g. a Zadeh truth value) is below the decoder's threshold. */
  BELOW_THRESHOLD,
  /** The decided word is not a codeword of the linear code: its syndrome is non-zero. */
  NONZERO_SYNDROME,
  /** The decided word is a valid word (zero syndrome, or no code) that no class owns. */
  UNASSIGNED_WORD,
  /** The nearest class codeword is farther than the decoder accepts. */
  TOO_MANY_ERRORS,
  /** Every ensemble member rejected the sample. */
  ALL_MEMBERS_REJECTED
}
