package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.PluginSource;

/**
 * {@code acl-pf}: ACL-PF of Chou and Chen ("Contrastive ECOC", Sec. 2.2), pretraining and
 * fine-tuning. One network with K outputs (the ECOC encoder, default K = 100). Stage {@code
 * pretrain}: two random views of each image, loss Eq. 8 ({@code L_InfoNCE (Eq. 2) + lambda L_csl
 * (Eq. 1)}, lambda = 0.001, tau = 0.5). When pretraining is complete the codebook is generated
 * once (Sec. 2.5): the class means of the pretrained network's outputs on the generation split
 * (Eq. 3, {@link GeneratedCodebook}). Stage {@code finetune}, from the pretrained weights: loss
 * Eq. 9 ({@code L_ce (Eq. 6) + L_hl (Eq. 7) + L_rsl (Eq. 4)}) against that fixed codebook, which is
 * also the deployed one, decoded by {@code cosine-softmax} (Eq. 5). Every loss has its gradient.
 *
 * <p>Pretraining trains a projection head on top of the encoder (option {@code head}, as in
 * {@code acl-cfpc}): InfoNCE reads the head's outputs, column separation the encoder's; fine-tuning
 * and the deployed network have no head.
 */
public final class AclPfDefense implements Defense {

  /** The provider, for {@link java.util.ServiceLoader}. */
  public AclPfDefense() {
    // stateless
  }

  @Override
  public String name() {
    return "acl-pf";
  }

  @Override
  public String description() {
    return "contrastive ECOC, ACL-PF: SimCLR pretraining with column separation (Eq. 8), then"
        + " fine-tuning (Eq. 9); learned class-mean codebook, cosine-softmax";
  }

  @Override
  public List<OptionSpec> options() {
    return new AclCfpcDefense().options();
  }

  @Override
  public PreparedDefense prepare(
      int classes, long seed, Map<String, String> options, PluginSource plugins) {
    return AclCfpcDefense.prepare(name(), false, classes, options);
  }
}
