package org.ecoc4j.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Looks for the signs of gradient masking in an evaluation's numbers. Differences between
 * accuracies count only beyond the sampling noise of {@code n} samples, taken as
 * {@code 1 / sqrt(n)} (about two standard errors of an accuracy near 50 %).
 */
final class MaskingChecks {

  private MaskingChecks() {}

  /** The noise tolerance for accuracies measured on {@code samples} samples. */
  static double tolerance(long samples) {
    return 1 / Math.sqrt(Math.max(1, samples));
  }

  /** Every flag the numbers raise. */
  static List<MaskingFlag> flags(
      GradientHealth gradients, List<AttackResult> results, List<WorstCaseResult> worstCase) {
    List<MaskingFlag> flags = new ArrayList<>();
    if (gradients.zero() > 0) {
      flags.add(new MaskingFlag(MaskingFlag.Kind.ZERO_GRADIENT,
          gradients.zero() + " of " + gradients.samples()
              + " clean samples have an input gradient that is zero everywhere"));
    }
    if (gradients.nonFinite() > 0) {
      flags.add(new MaskingFlag(MaskingFlag.Kind.NON_FINITE_GRADIENT,
          gradients.nonFinite() + " of " + gradients.samples()
              + " clean samples have NaN or infinite input gradient entries"));
    }
    Map<String, List<AttackResult>> byAttack = new LinkedHashMap<>();
    for (AttackResult r : results) {
      byAttack.computeIfAbsent(r.attack(), k -> new ArrayList<>()).add(r);
    }
    byAttack.forEach((attack, curve) -> {
      if (!curve.get(0).cumulative()) {
        trend(attack, curve, flags);
      }
    });
    blackBox(results, flags);
    weakerWins(results, flags);
    for (WorstCaseResult worst : worstCase) {
      blackBoxBreaks(results, worst, flags);
    }
    return flags;
  }

  /**
   * Among attacks that ran on every sample at the same radius: an iterative attack ({@code bim},
   * {@code pgd}, {@code mim}, {@code apgd} and their suite labels) must not leave clearly more
   * accuracy than {@code fgsm}, nor {@code pgd} than an {@code apgd} run.
   */
  private static void weakerWins(List<AttackResult> results, List<MaskingFlag> flags) {
    for (AttackResult strong : results) {
      for (AttackResult weak : results) {
        if (strong.cumulative() || weak.cumulative() || strong.epsilon() != weak.epsilon()) {
          continue;
        }
        boolean iterativeVsSingle = family(weak.attack()).equals("fgsm")
            && List.of("bim", "pgd", "mim", "apgd").contains(family(strong.attack()));
        boolean apgdVsPgd = family(weak.attack()).equals("pgd")
            && family(strong.attack()).equals("apgd");
        double tol = tolerance(strong.metrics().samples());
        if ((iterativeVsSingle || apgdVsPgd)
            && strong.metrics().accuracy() > weak.metrics().accuracy() + tol) {
          flags.add(new MaskingFlag(MaskingFlag.Kind.WEAKER_ATTACK_WINS,
              String.format(Locale.ROOT,
                  "%s leaves robust accuracy %.4f at epsilon %s, the weaker %s %.4f",
                  strong.attack(), strong.metrics().accuracy(), strong.epsilon(), weak.attack(),
                  weak.metrics().accuracy())));
        }
      }
    }
  }

  /** The attack's family: its label up to the first dash ({@code apgd-t} is {@code apgd}). */
  private static String family(String label) {
    int dash = label.indexOf('-');
    return dash < 0 ? label : label.substring(0, dash);
  }

  /**
   * Flags a black-box attack that broke first more than the noise tolerance of the samples: the
   * white-box attacks before it left them right.
   */
  private static void blackBoxBreaks(
      List<AttackResult> results, WorstCaseResult worst, List<MaskingFlag> flags) {
    Map<String, Long> counts = worst.brokenBy();
    long samples = worst.metrics().samples();
    for (AttackResult r : results) {
      Long broke = counts.get(r.attack());
      if (!r.whiteBox() && r.epsilon() == worst.epsilon() && broke != null
          && broke > tolerance(samples) * samples) {
        flags.add(new MaskingFlag(MaskingFlag.Kind.BLACK_BOX_BREAKS_WHAT_WHITE_BOX_LEFT,
            String.format(Locale.ROOT,
                "%s (black-box) broke %d of %d samples at epsilon %s that every attack before"
                    + " it left right", r.attack(), broke, samples, r.epsilon())));
      }
    }
  }

  private static void trend(String attack, List<AttackResult> curve, List<MaskingFlag> flags) {
    for (int k = 1; k < curve.size(); k++) {
      AttackResult before = curve.get(k - 1);
      AttackResult after = curve.get(k);
      double tol = tolerance(after.metrics().samples());
      if (after.metrics().accuracy() > before.metrics().accuracy() + tol) {
        flags.add(new MaskingFlag(MaskingFlag.Kind.ACCURACY_RISES_WITH_EPSILON,
            String.format(Locale.ROOT,
                "%s: robust accuracy rises from %.4f at epsilon %s to %.4f at epsilon %s",
                attack, before.metrics().accuracy(), before.epsilon(), after.metrics().accuracy(),
                after.epsilon())));
      }
    }
    AttackResult first = curve.get(0);
    AttackResult last = curve.get(curve.size() - 1);
    double tol = tolerance(last.metrics().samples());
    if (curve.size() > 1
        && last.epsilon() > first.epsilon()
        && first.metrics().accuracy() > tol
        && last.metrics().accuracy() >= first.metrics().accuracy() - tol) {
      flags.add(new MaskingFlag(MaskingFlag.Kind.ACCURACY_FLAT_IN_EPSILON,
          String.format(Locale.ROOT,
              "%s: robust accuracy %.4f at epsilon %s does not fall below %.4f at epsilon %s",
              attack, last.metrics().accuracy(), last.epsilon(), first.metrics().accuracy(),
              first.epsilon())));
    }
  }

  private static void blackBox(List<AttackResult> results, List<MaskingFlag> flags) {
    Map<Double, Double> bestWhite = new LinkedHashMap<>();
    for (AttackResult r : results) {
      if (r.whiteBox()) {
        bestWhite.merge(r.epsilon(), r.metrics().accuracy(), Math::min);
      }
    }
    for (AttackResult r : results) {
      Double white = bestWhite.get(r.epsilon());
      if (!r.whiteBox()
          && white != null
          && r.metrics().accuracy() < white - tolerance(r.metrics().samples())) {
        flags.add(new MaskingFlag(MaskingFlag.Kind.BLACK_BOX_BEATS_WHITE_BOX,
            String.format(Locale.ROOT,
                "%s (black-box) leaves robust accuracy %.4f at epsilon %s, every white-box "
                    + "attack at least %.4f",
                r.attack(), r.metrics().accuracy(), r.epsilon(), white)));
      }
    }
  }
}
