package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;
import org.ecoc4j.api.training.TrainingStage;

/**
 * A prepared {@code mixup}: decided, deployed and attacked as {@code one-hot} ({@code plain}),
 * trained in one stage on batches mixed by {@link MixupTraining}.
 *
 * @param plain the one-hot design it deploys as
 * @param alpha the Beta distribution's parameter
 * @param seed the seed of the mixing
 */
record MixupDesign(LogitDesign plain, double alpha, long seed) implements PreparedDefense {

  @Override
  public String name() {
    return plain.name();
  }

  @Override
  public Map<String, String> options() {
    return plain.options();
  }

  @Override
  public int members() {
    return 1;
  }

  @Override
  public int outputsPerMember() {
    return plain.outputsPerMember();
  }

  @Override
  public List<Codebook> codebooks() {
    return plain.codebooks();
  }

  /** The plain network's cross-entropy: what the deployed network is attacked with. */
  @Override
  public LossSpec loss() {
    return plain.loss();
  }

  /** One stage, {@code train}, on batches mixed by a mixing drawn from the seed. */
  @Override
  public List<TrainingStage> stages(TrainingConfig config) {
    BatchMixing mixing = MixupTraining.mixing(config.batchSize(), alpha, seed);
    return List.of(
        TrainingStage.of("train", MixupTraining.loss(mixing, plain.classes()), config)
            .withBatchMixing(mixing));
  }

  @Override
  public String decoder() {
    return plain.decoder();
  }

  @Override
  public Map<String, String> decoderOptions() {
    return plain.decoderOptions();
  }

  @Override
  public Term classScores(Terms terms) {
    return plain.classScores(terms);
  }

  @Override
  public String adaptiveObjective() {
    return plain.adaptiveObjective();
  }
}
