package org.ecoc4j.evaluation;

/**
 * What a classifier achieved on one kind of input. Every sample is exactly one of: decided right,
 * rejected, or an undetectable error (a wrong class accepted), so {@code accuracy +
 * undetectableError + rejectionRate = 1}, and {@code reliability = accuracy / (accuracy +
 * undetectableError)}.
 *
 * <p>The error-detecting output codes paper (Klimo et al. 2021, Table 4) names these columns
 * differently: its "Accuracy" (Eq. 12, decision among the class codewords only) is {@link
 * #firstChoiceAccuracy}; its "FCA" (full codespace accuracy: decision over every word, a word no
 * class owns rejected) is {@link #accuracy} when the deployed decoder is {@code zadeh} over the
 * full space; its "Undetectable error" and "Reliability" are {@link #undetectableError} and {@link
 * #reliability}.
 *
 * @param samples number of samples
 * @param accuracy fraction decided right by the deployed decoder (rejections count as not right):
 *     the clean accuracy, or the robust accuracy under an attack
 * @param firstChoiceAccuracy fraction whose first choice among the class codewords is right,
 *     rejection ignored: the decision of the deployed decoder's rule under {@link
 *     org.ecoc4j.api.decoding.Decoder#firstChoiceOptions} (which never rejects); measured on clean
 *     inputs only, NaN for attacks, for the worst case, and when the first-choice rule rejected a
 *     sample (it then gives no first choice)
 * @param undetectableError fraction decided as a wrong class and accepted: errors the decoder did
 *     not detect
 * @param successRate of the samples the clean input decided right, the fraction the attack turned
 *     into a wrong accepted class (untargeted, and a targeted {@code top-K} sweep: any of its K
 *     runs) or into the target class (targeted at one target); a rejection is not a success; NaN
 *     for clean inputs or when no sample was right
 * @param rejectionRate fraction the decoder rejected
 * @param reliability right among the accepted samples, {@code right / (right + undetectable)};
 *     NaN when every sample was rejected
 */
public record Metrics(
    long samples,
    double accuracy,
    double firstChoiceAccuracy,
    double undetectableError,
    double successRate,
    double rejectionRate,
    double reliability) {}
