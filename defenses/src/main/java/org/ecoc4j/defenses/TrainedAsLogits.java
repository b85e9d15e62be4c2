package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * A design that only changes how a one-hot network is trained (its stages) and perhaps how it is
 * deployed: its name, shape, codebooks, attacked loss, decoder, class scores and adaptive
 * objective are those of the {@link #plain()} design it deploys as.
 */
interface TrainedAsLogits extends PreparedDefense {

  /** The one-hot design it deploys as. */
  LogitDesign plain();

  @Override
  default String name() {
    return plain().name();
  }

  @Override
  default int members() {
    return plain().members();
  }

  @Override
  default int outputsPerMember() {
    return plain().outputsPerMember();
  }

  @Override
  default List<Codebook> codebooks() {
    return plain().codebooks();
  }

  /** The plain network's cross-entropy: what the deployed network is attacked with. */
  @Override
  default LossSpec loss() {
    return plain().loss();
  }

  @Override
  default String decoder() {
    return plain().decoder();
  }

  @Override
  default Map<String, String> decoderOptions() {
    return plain().decoderOptions();
  }

  @Override
  default Term classScores(Terms terms) {
    return plain().classScores(terms);
  }

  @Override
  default String adaptiveObjective() {
    return plain().adaptiveObjective();
  }
}
