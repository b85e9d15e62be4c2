package org.ecoc4j.decoders;

import java.util.List;
import java.util.function.Function;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code correlation-softmax}: scores each class by the correlation {@code z . b_i} of the raw
 * outputs {@code z} with its +1/-1 codeword and decides the argmax (ECOC with softmax, as compared
 * in the error-detecting output codes paper).
 *
 * <p>Options: {@code temperature} T (default 1) and {@code combine} ({@code map} or {@code vote}).
 *
 * <p>Per-member posterior: {@code p(i) = softmax_i(z . b_i / T)}; the winner's posterior is the
 * confidence. Never rejects. (This equals {@code euclidean} with {@code tanh=false}.)
 */
public final class CorrelationSoftmaxDecoder extends AbstractDecoder {

  /** The provider, for {@link java.util.ServiceLoader}. */
  public CorrelationSoftmaxDecoder() {
    super(
        "correlation-softmax",
        "softmax over correlations of the raw outputs with the class codewords",
        List.of(Temperature.SPEC));
  }

  @Override
  Function<Codebook, MemberRule> rules(Options options) {
    double temperature = Temperature.read(options);
    return codebook -> new CorrelationSoftmaxRule(codebook, false, temperature);
  }
}
