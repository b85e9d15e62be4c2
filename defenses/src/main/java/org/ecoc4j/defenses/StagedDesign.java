package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;
import org.ecoc4j.api.training.TrainingStage;

/**
 * A prepared defense trained in other stages than its deployed one's single stage (e.g. the
 * SimCLR baseline: contrastive pretraining, then the one-hot network's fine-tuning); everything
 * else is {@code deployed}'s.
 *
 * @param deployed the defense as deployed: its network, loss, decoder and class scores
 * @param stages the stages for a run's settings
 */
record StagedDesign(PreparedDefense deployed, Function<TrainingConfig, List<TrainingStage>> stages)
    implements PreparedDefense {

  @Override
  public String name() {
    return deployed.name();
  }

  @Override
  public Map<String, String> options() {
    return deployed.options();
  }

  @Override
  public int members() {
    return deployed.members();
  }

  @Override
  public int outputsPerMember() {
    return deployed.outputsPerMember();
  }

  @Override
  public List<Codebook> codebooks() {
    return deployed.codebooks();
  }

  @Override
  public LossSpec loss() {
    return deployed.loss();
  }

  @Override
  public List<TrainingStage> stages(TrainingConfig config) {
    return stages.apply(config);
  }

  @Override
  public String decoder() {
    return deployed.decoder();
  }

  @Override
  public Map<String, String> decoderOptions() {
    return deployed.decoderOptions();
  }

  @Override
  public Term classScores(Terms terms) {
    return deployed.classScores(terms);
  }

  @Override
  public String adaptiveObjective() {
    return deployed.adaptiveObjective();
  }
}
