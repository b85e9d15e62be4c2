package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.training.TrainingStage;

/**
 * A prepared {@code coded-smoothing}: decided as {@code one-hot} ({@code plain}: the logits,
 * their cross-entropy as the attack objective), trained in one stage on mixed batches ({@link
 * CodedTraining}), deployed plain or with randomized coded inference.
 *
 * @param plain the one-hot design it deploys as
 * @param options every option value as text
 * @param derivedOptions the option values derived because they were not given
 * @param code the encoder and decoder
 * @param mu the weight of the reconstruction penalty
 * @param randomizedInference whether the deployed network runs randomized coded inference
 * @param seed the seed of RCI's permutations
 */
record CodedSmoothingDesign(
    LogitDesign plain,
    Map<String, String> options,
    List<String> derivedOptions,
    CodedSmoothingCode code,
    double mu,
    boolean randomizedInference,
    long seed)
    implements TrainedAsLogits {

  /** Copies the options. */
  CodedSmoothingDesign {
    options = Map.copyOf(options);
    derivedOptions = List.copyOf(derivedOptions);
  }

  /**
   * One stage, {@code train}, on batches mixed by {@link CodedTraining#inputMixing} with the
   * coded loss.
   *
   * @throws IllegalArgumentException when the batch size is not a multiple of K
   */
  @Override
  public List<TrainingStage> stages(TrainingConfig config) {
    int batch = config.batchSize();
    return List.of(
        TrainingStage.of("train", CodedTraining.loss(code, batch, plain.classes(), mu), config)
            .withBatchMixing(CodedTraining.inputMixing(code, batch)));
  }

  /**
   * The plain network, or with {@code inference=rci} {@link RandomizedCodedInference} around it,
   * its permutations drawn from the defense's seed.
   */
  @Override
  public TrainedNetwork deploy(TrainedNetwork trained) {
    if (!randomizedInference) {
      return trained;
    }
    return new RandomizedCodedInference(
        trained, code, plain.loss().termLoss().orElseThrow(),
        RandomizedCodedInference.seededPermutations(seed));
  }

  @Override
  public boolean randomized() {
    return randomizedInference;
  }

  /** K under randomized coded inference, which codes K images together; 1 for plain inference. */
  @Override
  public int coupledBatch() {
    return randomizedInference ? code.samples() : 1;
  }
}
