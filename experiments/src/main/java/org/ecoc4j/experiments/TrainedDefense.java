package org.ecoc4j.experiments;

import java.util.Objects;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.defense.PreparedDefense;

/**
 * A defense trained on a dataset: its design, the network the backend holds and its deployed
 * decoder. Close it to release the network.
 *
 * @param request what was asked for
 * @param design the defense bound to its options and codebooks
 * @param network the trained network
 * @param decoder the deployed decoder, bound to the design's codebooks
 * @param dataset the dataset it was trained on (its test split without any validation part)
 * @param seconds training time
 * @param splits how the data was divided and which epoch was selected
 */
public record TrainedDefense(
    TrainingRequest request,
    PreparedDefense design,
    TrainedNetwork network,
    PreparedDecoder decoder,
    Dataset dataset,
    double seconds,
    TrainingSplits splits)
    implements AutoCloseable {

  /** Refuses nulls. */
  public TrainedDefense {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(design, "design");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(decoder, "decoder");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(splits, "splits");
  }

  /** A defense trained on the whole of {@code dataset}'s splits, without model selection. */
  public TrainedDefense(TrainingRequest request, PreparedDefense design, TrainedNetwork network,
      PreparedDecoder decoder, Dataset dataset, double seconds) {
    this(request, design, network, decoder, dataset, seconds,
        TrainingSplits.whole(dataset.train().size(), dataset.test().size()));
  }

  /** A label for tables: the defense's name and the options given to it. */
  public String label() {
    return request.defenseOptions().isEmpty()
        ? design.name()
        : design.name() + " " + new java.util.TreeMap<>(request.defenseOptions());
  }

  @Override
  public void close() {
    network.close();
  }
}
