package org.ecoc4j.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;

/**
 * The options every built-in dataset provider accepts: {@code data-dir}, {@code subset}, {@code
 * subset-seed} and {@code augmentation}, parsed and checked.
 *
 * @param dataDir the folder with the standard files, or empty for the bundled sample
 * @param subset the fraction of each training class to keep, in (0, 1]
 * @param subsetSeed the seed choosing the kept images
 * @param augmentation the training augmentation the dataset declares ({@link
 *     org.ecoc4j.api.data.Dataset#trainingAugmentation()}), which the training loop applies
 */
public record DatasetOptions(
    Optional<Path> dataDir, double subset, long subsetSeed, Augmentation augmentation) {

  /** Name of the folder option. */
  public static final String DATA_DIR = "data-dir";
  /** Name of the limited-data fraction option. */
  public static final String SUBSET = "subset";
  /** Name of the subset seed option. */
  public static final String SUBSET_SEED = "subset-seed";
  /** Name of the training augmentation option. */
  public static final String AUGMENTATION = "augmentation";
  /** The augmentation choice that leaves images as they are. */
  public static final String NONE = "none";
  /** The augmentation choice of {@link RandomCropFlip} with padding 4 and flips. */
  public static final String CROP_FLIP = "crop-flip";

  /** The padding of the {@value #CROP_FLIP} augmentation, as in the CIFAR-10 papers. */
  private static final int CROP_FLIP_PADDING = 4;

  /**
   * The declarations, with {@code dataDirHelp} saying what an empty folder means and {@code
   * defaultAugmentation} ({@value #NONE} or {@value #CROP_FLIP}) the dataset's usual training
   * augmentation.
   */
  public static List<OptionSpec> specs(String dataDirHelp, String defaultAugmentation) {
    return List.of(
        OptionSpec.ofString(DATA_DIR, "", dataDirHelp),
        OptionSpec.ofDouble(
            SUBSET,
            1.0,
            "fraction of each training class to keep, in (0, 1], e.g. 0.5 or 0.25 for"
                + " limited-data experiments; the test split is never reduced"),
        OptionSpec.ofLong(SUBSET_SEED, 0L, "seed choosing the training subset"),
        OptionSpec.ofChoice(
            AUGMENTATION,
            defaultAugmentation,
            "training-batch augmentation: crop-flip is the CIFAR-style random crop (padding 4)"
                + " and horizontal flip; test images are never augmented",
            NONE,
            CROP_FLIP));
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
        options.getLong(SUBSET_SEED),
        options.getString(AUGMENTATION).equals(CROP_FLIP)
            ? new RandomCropFlip(CROP_FLIP_PADDING, true)
            : Augmentation.NONE);
  }
}
