package org.ecoc4j.codebooks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A generator polynomial g(x) over GF(2) of a cyclic redundancy check, degree 1 to 62.
 *
 * <p>Written in binary, highest degree first, so {@code 1010111} is {@code x^6 + x^4 + x^2 + x +
 * 1}; commas may group digits as in the paper's Table 1 ({@code 101,0111}). The leading digit (the
 * x^deg term) and the trailing digit (the constant term) must be 1: without the constant term g(x)
 * is divisible by x and wastes a check digit. Bit {@code e} of {@link #bits()} is the
 * coefficient of x^e.
 */
final class GeneratorPolynomial {

  /** The largest degree whose polynomial fits a long with room for one shift. */
  static final int MAX_DEGREE = 62;

  /**
   * The nine (10, 4) CRC generators of Table 1 of Klimo, Lukáč and Tarábek, "Deep Neural Networks
   * Classification via Binary Error-Detecting Output Codes" (Appl. Sci. 2021), all of degree 6.
   */
  private static final Map<String, String> NAMED = named();

  private final String label;
  private final long bits;
  private final int degree;

  private GeneratorPolynomial(String label, long bits) {
    this.label = label;
    this.bits = bits;
    this.degree = 63 - Long.numberOfLeadingZeros(bits);
  }

  /** The names accepted by {@link #parse}, CRC1..CRC9. */
  static Set<String> names() {
    return NAMED.keySet();
  }

  /**
   * A named polynomial ({@code CRC1}..{@code CRC9}, any letter case) or one written in binary.
   *
   * @throws IllegalArgumentException naming the problem: an unknown name, a character other than
   *     0, 1 and comma, a missing leading or trailing 1, degree 0 or a degree above 62
   */
  static GeneratorPolynomial parse(String text) {
    String trimmed = text.strip();
    String named = NAMED.get(trimmed.toUpperCase(Locale.ROOT));
    if (named != null) {
      return fromBinary(trimmed.toUpperCase(Locale.ROOT), named);
    }
    if (!trimmed.matches("[01,]+")) {
      throw new IllegalArgumentException(
          "'" + text + "' is neither a polynomial name (" + String.join(", ", names())
              + ") nor a polynomial in binary, highest degree first (e.g. 1010111)");
    }
    return fromBinary(trimmed, trimmed);
  }

  private static GeneratorPolynomial fromBinary(String label, String binary) {
    String digits = binary.replace(",", "");
    if (digits.isEmpty() || digits.charAt(0) != '1') {
      throw new IllegalArgumentException(
          "polynomial '" + binary + "' must start with 1, the coefficient of its highest power");
    }
    if (digits.charAt(digits.length() - 1) != '1') {
      throw new IllegalArgumentException(
          "polynomial '" + binary + "' must end with 1 (constant term); otherwise it is divisible"
              + " by x");
    }
    int degree = digits.length() - 1;
    if (degree < 1) {
      throw new IllegalArgumentException(
          "polynomial '" + binary + "' has degree 0 and would add no check digit; use degree 1 to "
              + MAX_DEGREE);
    }
    if (degree > MAX_DEGREE) {
      throw new IllegalArgumentException(
          "polynomial '" + binary + "' has degree " + degree + ", more than " + MAX_DEGREE);
    }
    return new GeneratorPolynomial(label, Long.parseLong(digits, 2));
  }

  /** Degree of g(x): the number of check digits n - k it adds. */
  int degree() {
    return degree;
  }

  /** Coefficients, bit {@code e} holding that of x^e. */
  long bits() {
    return bits;
  }

  /**
   * The remainders {@code x^e mod g(x)} for e = 0..count-1, each as bits (bit {@code i} = the
   * coefficient of x^i, below the degree).
   */
  long[] powerRemainders(int count) {
    long[] remainders = new long[count];
    long r = 1L;
    long top = 1L << degree;
    for (int e = 0; e < count; e++) {
      remainders[e] = r;
      r <<= 1;
      if ((r & top) != 0) {
        r ^= bits;
      }
    }
    return remainders;
  }

  @Override
  public String toString() {
    return label;
  }

  private static Map<String, String> named() {
    Map<String, String> table = new LinkedHashMap<>();
    table.put("CRC1", "1000011");
    table.put("CRC2", "1011011");
    table.put("CRC3", "1100001");
    table.put("CRC4", "1100111");
    table.put("CRC5", "1110011");
    table.put("CRC6", "1001001");
    table.put("CRC7", "1010111");
    table.put("CRC8", "1101101");
    table.put("CRC9", "1110101");
    return Collections.unmodifiableMap(table);
  }
}
