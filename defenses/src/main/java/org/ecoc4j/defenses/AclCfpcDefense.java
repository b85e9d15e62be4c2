package org.ecoc4j.defenses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.plugin.PluginSource;
import org.ecoc4j.api.training.ProjectionHead;
import org.ecoc4j.api.training.TrainingStage;

/**
 * {@code acl-cfpc}: ACL-CFPC of Chou and Chen ("Contrastive ECOC", Sec. 2.3), co-fine-tuning the
 * model and its codebook. One network with K outputs (the ECOC encoder, default K = 100). Stage
 * {@code pretrain}: two random views of each image, loss Eq. 8 ({@code L_InfoNCE (Eq. 2) + lambda
 * L_csl (Eq. 1)}, lambda = 0.001, tau = 0.5). Stage {@code co-finetune}, from the pretrained
 * weights: loss Eq. 11 ({@code L_ce (Eq. 6) + L_hl (Eq. 7) + L_rsl (Eq. 4) + L_mcsm (Eq. 10)})
 * with the codebook recomputed from the current weights on every batch, as the class means of
 * the batch's codewords (Eq. 3 on the batch; a class absent from a batch is left out). The
 * deployed codebook is the class means of the trained network's outputs on the generation split
 * (Eq. 3), decoded by {@code cosine-softmax} (Eq. 5). Every loss has its gradient.
 *
 * <p>Pretraining trains a projection head on top of the encoder (option {@code head}, on by
 * default; ReLU, {@code head-width} 2048, ReLU, {@code head-outputs} 128, as the authors' code):
 * InfoNCE reads the head's outputs and column separation the encoder's. Fine-tuning and the
 * deployed network have no head.
 */
public final class AclCfpcDefense implements Defense {

  private static final List<OptionSpec> OPTIONS = declared();

  private static List<OptionSpec> declared() {
    List<OptionSpec> all = new ArrayList<>();
    all.add(ContrastiveOptions.codeLength());
    all.add(ContrastiveOptions.temperature());
    all.addAll(ContrastiveOptions.pretraining());
    return List.copyOf(all);
  }

  /** The provider, for {@link java.util.ServiceLoader}. */
  public AclCfpcDefense() {
    // stateless
  }

  @Override
  public String name() {
    return "acl-cfpc";
  }

  @Override
  public String description() {
    return "contrastive ECOC, ACL-CFPC: SimCLR pretraining with column separation, then"
        + " co-fine-tuning with the codebook recomputed each batch (Eq. 11); cosine-softmax";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public PreparedDefense prepare(
      int classes, long seed, Map<String, String> options, PluginSource plugins) {
    return prepare(name(), true, classes, options);
  }

  /**
   * ACL-CFPC, or with {@code maxCosine} false ACL-PF: the same pretraining, then ACL-PF fine-tunes
   * with Eq. 9 against the codebook generated once from the pretrained network on the generation
   * split ({@link GeneratedCodebook}; the stage's declared loss is replaced when it starts).
   */
  static PreparedDefense prepare(
      String name, boolean maxCosine, int classes, Map<String, String> options) {
    DefenseOptions.checkClasses(classes);
    Options parsed = Options.parse(OPTIONS, options);
    int length = ContrastiveOptions.codeLength(parsed);
    float tau = ContrastiveOptions.temperature(parsed);
    float lambda = ContrastiveOptions.columnWeight(parsed);
    var views = ContrastiveOptions.views(parsed);
    Optional<ProjectionHead> head = ContrastiveOptions.head(parsed);
    return new ContrastiveDesign(name, parsed.asText(), parsed.derived(), classes, length,
        config -> {
          ContrastiveOptions.checkBatch(name, config);
          TrainingStage pretrain = ContrastiveOptions.withHead(new TrainingStage("pretrain",
              ContrastiveLosses.pretraining(
                  classes, length, config.batchSize(), tau, lambda, head.isPresent()),
              views, ContrastiveOptions.pretrainConfig(parsed, config),
              TrainingStage.Start.SCRATCH), head);
          TrainingStage finetune = maxCosine
              ? TrainingStage.of("co-finetune",
                  ContrastiveLosses.onBatchMeans(classes, length, tau, true), config)
              : TrainingStage.of("finetune", LossSpec.learnedCodes(classes, length), config)
                  .withPreparation(new GeneratedCodebook(classes, length, tau));
          return List.of(pretrain, finetune.fromPreviousWeights());
        },
        Optional.empty(), true);
  }
}
