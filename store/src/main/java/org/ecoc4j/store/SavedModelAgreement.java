package org.ecoc4j.store;

import java.util.Map;
import java.util.TreeMap;
import org.ecoc4j.experiments.TrainedDefense;

/**
 * Checks that a model directory's {@value ModelDirectory#DESCRIPTION} agrees with the defense
 * rebuilt from its provenance: {@code evaluate} deploys the rebuilt defense, so a {@code decoder}
 * or {@code input} block that says otherwise (edited or corrupt) would describe a model other than
 * the one evaluated. {@code attack} reads those blocks directly and refuses malformed ones; with
 * this check both commands refuse the same directories.
 */
public final class SavedModelAgreement {

  private SavedModelAgreement() {}

  /**
   * Refuses a description that disagrees with {@code rebuilt}.
   *
   * @throws InputFileException naming the block, what it says and what the defense deploys
   */
  public static void require(SavedModel saved, TrainedDefense rebuilt) {
    String where = "model description " + saved.folder().resolve(ModelDirectory.DESCRIPTION);
    PluginChoice recorded = saved.description().decoder();
    Map<String, String> deployedOptions = new TreeMap<>(rebuilt.design().decoderOptions());
    if (!recorded.name().equals(rebuilt.design().decoder())
        || !new TreeMap<>(recorded.options()).equals(deployedOptions)) {
      throw new InputFileException(where + ": its \"decoder\" block (" + recorded.name() + " "
          + new TreeMap<>(recorded.options()) + ") is not the decoder its defense deploys ("
          + rebuilt.design().decoder() + " " + deployedOptions + "); was the file edited?");
    }
    if (!saved.description().spec().input().equals(rebuilt.dataset().shape())) {
      throw new InputFileException(where + ": its \"input\" block ("
          + saved.description().spec().input() + ") is not the shape of its dataset "
          + rebuilt.dataset().name() + " (" + rebuilt.dataset().shape() + ")");
    }
  }
}
