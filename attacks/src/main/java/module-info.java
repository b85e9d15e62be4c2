/**
 * The built-in attacks and attack objectives of ecoc4j, found through {@link
 * java.util.ServiceLoader} by name.
 *
 * <p>Attacks: {@code fgsm}, {@code bim}, {@code pgd}, {@code mim}, {@code apgd}, {@code eot}
 * (white-box) and {@code square} (black-box). Objectives: {@code loss} (the model's training
 * loss), {@code cross-entropy}, {@code margin}, {@code dlr} and {@code dlr-targeted} on class
 * scores, and {@code codeword-margin} on the raw outputs' agreement with each codeword. The module exports nothing: users select plugins by name.
 */
module ecoc4j.attacks {
  requires ecoc4j.api;

  provides org.ecoc4j.api.attack.Attack with
      org.ecoc4j.attacks.FgsmAttack,
      org.ecoc4j.attacks.BimAttack,
      org.ecoc4j.attacks.PgdAttack,
      org.ecoc4j.attacks.MimAttack,
      org.ecoc4j.attacks.ApgdAttack,
      org.ecoc4j.attacks.EotAttack,
      org.ecoc4j.attacks.SquareAttack,
      org.ecoc4j.attacks.FabAttack,
      org.ecoc4j.attacks.CwL2Attack;
  provides org.ecoc4j.api.attack.Objective with
      org.ecoc4j.attacks.TrainingLossObjective,
      org.ecoc4j.attacks.CrossEntropyObjective,
      org.ecoc4j.attacks.MarginObjective,
      org.ecoc4j.attacks.DlrObjective,
      org.ecoc4j.attacks.TargetedDlrObjective,
      org.ecoc4j.attacks.CodewordMarginObjective;
}
