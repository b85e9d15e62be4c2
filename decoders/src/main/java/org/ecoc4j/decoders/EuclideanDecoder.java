package org.ecoc4j.decoders;

import java.util.List;
import java.util.function.Function;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code euclidean}: the nearest class codeword to {@code tanh(o)} in Euclidean distance (Eq. 6 of
 * the random binary ensemble paper).
 *
 * <p>Options: {@code tanh} (default true; false measures distance to the raw outputs {@code o}),
 * {@code temperature} T (default 1) and {@code combine} ({@code map} or {@code vote}).
 *
 * <p>Per-member posterior: {@code p(i) = softmax_i(-||b_i - t||^2 / (2T)) = softmax_i(b_i . t /
 * T)} with {@code t = tanh(o)} (or {@code o}); the nearest codeword is the argmax of {@code b_i .
 * t} (every {@code ||b_i||^2 = K}), and its posterior is the confidence. Never rejects.
 */
public final class EuclideanDecoder extends AbstractDecoder {

  private static final String TANH = "tanh";

  /** The provider, for {@link java.util.ServiceLoader}. */
  public EuclideanDecoder() {
    super(
        "euclidean",
        "nearest codeword to tanh(outputs) in Euclidean distance; posterior softmax(b.t / T)",
        List.of(
            OptionSpec.ofBoolean(
                TANH, true, "squash outputs with tanh before measuring distance (Eq. 6)"),
            Temperature.SPEC));
  }

  @Override
  Function<Codebook, MemberRule> rules(Options options) {
    boolean tanh = options.getBoolean(TANH);
    double temperature = Temperature.read(options);
    return codebook -> new CorrelationSoftmaxRule(codebook, tanh, temperature);
  }
}
