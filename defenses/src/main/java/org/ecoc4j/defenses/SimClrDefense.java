package org.ecoc4j.defenses;

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
 * {@code simclr}: the SimCLR baseline of the contrastive ECOC paper (Sec. 3.2): contrastive
 * pretraining, then supervised fine-tuning of the same network as the Standard baseline ({@code
 * one-hot}: N logits, softmax cross-entropy, largest logit). Stage {@code pretrain}: two random
 * views of each image, InfoNCE (Eq. 2, tau = 0.5) on the outputs of a projection head on the
 * network's N outputs (option {@code head}, on by default: ReLU, 2048 hidden, ReLU, 128 outputs;
 * {@code head=off} puts InfoNCE on the N outputs); stage {@code finetune}, from the pretrained
 * weights, without the head: softmax cross-entropy.
 */
public final class SimClrDefense implements Defense {

  private static final List<OptionSpec> OPTIONS = declared();

  private static List<OptionSpec> declared() {
    List<OptionSpec> all = new java.util.ArrayList<>();
    all.add(ContrastiveOptions.temperature());
    for (OptionSpec o : ContrastiveOptions.pretraining()) {
      if (!o.name().equals(ContrastiveOptions.COLUMN_WEIGHT)) {
        all.add(o);
      }
    }
    return List.copyOf(all);
  }

  /** The provider, for {@link java.util.ServiceLoader}. */
  public SimClrDefense() {
    // stateless
  }

  @Override
  public String name() {
    return "simclr";
  }

  @Override
  public String description() {
    return "baseline: SimCLR pretraining (InfoNCE on two views), then softmax cross-entropy";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public PreparedDefense prepare(
      int classes, long seed, Map<String, String> options, PluginSource plugins) {
    DefenseOptions.checkClasses(classes);
    Options parsed = Options.parse(OPTIONS, options);
    float tau = ContrastiveOptions.temperature(parsed);
    var views = ContrastiveOptions.views(parsed);
    Optional<ProjectionHead> head = ContrastiveOptions.head(parsed);
    LossSpec loss =
        LossSpec.crossEntropy(classes)
            .withTermLoss("softmax cross-entropy", t -> LogitTerms.crossEntropy(t, 1, classes));
    LogitDesign design = new LogitDesign(name(), parsed.asText(), 1, classes, loss, "map");
    return new StagedDesign(design, config -> {
      ContrastiveOptions.checkBatch(name(), config);
      LossSpec pretraining =
          ContrastiveLosses.simclr(classes, config.batchSize(), tau, head.isPresent());
      return List.of(
          ContrastiveOptions.withHead(new TrainingStage("pretrain", pretraining, views,
              ContrastiveOptions.pretrainConfig(parsed, config), TrainingStage.Start.SCRATCH),
              head),
          TrainingStage.of("finetune", loss, config).fromPreviousWeights());
    });
  }
}
