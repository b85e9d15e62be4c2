package org.ecoc4j.decoders;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.plugin.Options;

/**
 * {@code cosine-softmax}: the decoder of the contrastive ECOC paper (Eq. 5), for real-valued
 * learned codebooks: scores each class by the cosine similarity of the raw outputs with its code
 * and decides the argmax; the posterior is {@code softmax(cos / T)} ({@link CosineSoftmaxRule}).
 * Works on binary codebooks too (their +1/-1 values), and on real-valued {@link CodeTable}s
 * through {@link #prepareTables}.
 *
 * <p>Options: {@code temperature} T (default 1, the paper's) and {@code combine}.
 */
public final class CosineSoftmaxDecoder extends AbstractDecoder {

  /** The provider, for {@link java.util.ServiceLoader}. */
  public CosineSoftmaxDecoder() {
    super(
        "cosine-softmax",
        "softmax over cosine similarities of the raw outputs with real-valued class codes",
        List.of(Temperature.SPEC));
  }

  @Override
  Function<Codebook, MemberRule> rules(Options options) {
    double temperature = Temperature.read(options);
    return codebook -> new CosineSoftmaxRule(CodeTable.of(codebook), temperature);
  }

  @Override
  public PreparedDecoder prepareTables(List<CodeTable> memberTables, Map<String, String> raw) {
    Objects.requireNonNull(memberTables, "memberTables");
    Options parsed = Options.parse(options(), Objects.requireNonNull(raw, "options"));
    if (memberTables.isEmpty()) {
      throw new IllegalArgumentException("cosine-softmax decoder needs at least one code table");
    }
    double temperature = Temperature.read(parsed);
    CodeTable first = memberTables.get(0);
    MemberRule[] rules = new MemberRule[memberTables.size()];
    for (int m = 0; m < rules.length; m++) {
      CodeTable table = memberTables.get(m);
      if (table.classes() != first.classes() || table.length() != first.length()) {
        throw new IllegalArgumentException("member code tables differ: member 0 has "
            + first.classes() + " x " + first.length() + ", member " + m + " has "
            + table.classes() + " x " + table.length());
      }
      rules[m] = new CosineSoftmaxRule(table, temperature);
    }
    return new CombinedDecoder(rules, first.classes(), first.length(),
        Combination.ofWord(parsed.getString(COMBINE)));
  }
}
