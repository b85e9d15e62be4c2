package org.ecoc4j.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * The options every built-in dataset provider accepts: {@code data-dir}, {@code subset} and
 * {@code subset-seed}, parsed and checked.
 *
 * @param dataDir the folder with the standard files, or empty for the bundled sample
 * @param subset the fraction of each training class to keep, in (0, 1]
 * @param subsetSeed the seed choosing the kept images
 */
public record DatasetOptions(Optional<Path> dataDir, double subset, long subsetSeed) {

  /** Name of the folder option. */
  public static final String DATA_DIR = "data-dir";
  /** Name of the limited-data fraction option. */
  public static final String SUBSET = "subset";
  /** Name of the subset seed option. */
  public static final String SUBSET_SEED = "subset-seed";

  /** The declarations, with {@code dataDirHelp} saying what an empty folder means. */
  public static List<OptionSpec> specs(String dataDirHelp) {
    return List.of(
        OptionSpec.ofString(DATA_DIR, "", dataDirHelp),
        OptionSpec.ofDouble(
            SUBSET,
            1.0,
            "fraction of each training class to keep, in (0, 1], e.g. 0.5 or 0.25 for"
                + " limited-data experiments; the test split is never reduced"),
        OptionSpec.ofLong(SUBSET_SEED, 0L, "seed choosing the training subset"));
  }

  /**
   * Validates raw options against {@code declared}.
   *
   * @throws InvalidOptionException for unknown names, malformed values or a subset outside (0, 1]
   */
  public static DatasetOptions parse(List<OptionSpec> declared, Map<String, String> raw) {
    Options options = Options.parse(declared, raw);
    String dir = options.getString(DATA_DIR).strip();
    double subset = options.getDouble(SUBSET);
    if (!(subset > 0 && subset <= 1)) {
      throw new InvalidOptionException(
          SUBSET, "option '" + SUBSET + "' must be in (0, 1], got " + subset);
    }
    return new DatasetOptions(
        dir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dir)),
        subset,
        options.getLong(SUBSET_SEED));
  }
}
