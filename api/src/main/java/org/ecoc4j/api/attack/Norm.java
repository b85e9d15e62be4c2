package org.ecoc4j.api.attack;

import java.util.Locale;

/** The norm that bounds a perturbation. */
public enum Norm {
  /** The largest absolute change of any pixel: {@code max_i |delta_i|}. */
  LINF,
  /** The Euclidean length of the change of one image: {@code sqrt(sum_i delta_i^2)}. */
  L2;

  /**
   * The norm called {@code name}: {@code linf} (also {@code inf}) or {@code l2}, any case.
   *
   * @throws IllegalArgumentException for another name
   */
  public static Norm parse(String name) {
    String key = name.strip().toLowerCase(Locale.ROOT);
    switch (key) {
      case "linf":
      case "inf":
        return LINF;
      case "l2":
        return L2;
      default:
        throw new IllegalArgumentException("unknown norm '" + name + "'; norms: linf, l2");
    }
  }

  /** The norm's name as users write it: {@code linf} or {@code l2}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The norm of {@code length} values of {@code delta} from {@code offset}. */
  public double of(float[] delta, int offset, int length) {
    double result = 0;
    for (int i = offset; i < offset + length; i++) {
      double d = delta[i];
      result = this == LINF ? Math.max(result, Math.abs(d)) : result + d * d;
    }
    return this == LINF ? result : Math.sqrt(result);
  }
}
