/**
 * The defenses of ecoc4j: {@code random-binary-ensemble} (Hwang et al., MRBC and SRBC) and the
 * baselines it is compared with, {@code one-hot}, {@code random-target} (Saito and Roy) and
 * {@code adp} (Pang et al.); {@code error-detecting} (Klimo et al.'s CRC output codes with the
 * Zadeh loss and decision); the coded-smoothing regulariser {@code coded-smoothing} (Moradi et
 * al.) and its baseline {@code mixup} (Zhang et al.); the contrastive ECOC defenses {@code acl-pf},
 * {@code acl-cfpc} and {@code acl-tfc} (Chou and Chen) and their {@code simclr} baseline. Each
 * writes its training loss with the symbolic terms and names the adaptive objective that attacks
 * it.
 */
module ecoc4j.defenses {
  requires ecoc4j.api;
  requires ecoc4j.datasets;
  requires commons.math3;

  provides org.ecoc4j.api.defense.Defense with
      org.ecoc4j.defenses.RandomBinaryEnsembleDefense,
      org.ecoc4j.defenses.OneHotDefense,
      org.ecoc4j.defenses.RandomTargetDefense,
      org.ecoc4j.defenses.AdpDefense,
      org.ecoc4j.defenses.ErrorDetectingDefense,
      org.ecoc4j.defenses.CodedSmoothingDefense,
      org.ecoc4j.defenses.MixupDefense,
      org.ecoc4j.defenses.AclPfDefense,
      org.ecoc4j.defenses.AclCfpcDefense,
      org.ecoc4j.defenses.AclTfcDefense,
      org.ecoc4j.defenses.SimClrDefense;
}
