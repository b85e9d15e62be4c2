package org.ecoc4j.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.datasets.cifar.CifarBinaryFolder;

/**
 * CIFAR-10 (Alex Krizhevsky, Vinod Nair and Geoffrey Hinton): 32 x 32 colour images of 10
 * classes, read from the binary version's batch files. No sample is bundled: {@code data-dir} is
 * required. Its standard training augmentation (option {@code augmentation}, default {@code
 * crop-flip}) is a random crop with 4 pixels of padding and a random horizontal flip.
 */
public final class Cifar10Provider implements DatasetProvider {

  /** The class names, indexed by label, as in the dataset's {@code batches.meta.txt}. */
  public static final List<String> CLASS_NAMES =
      List.of(
          "airplane", "automobile", "bird", "cat", "deer",
          "dog", "frog", "horse", "ship", "truck");

  /** Creates the provider; used by {@link java.util.ServiceLoader}. */
  public Cifar10Provider() {}

  @Override
  public String name() {
    return "cifar10";
  }

  @Override
  public String description() {
    return "CIFAR-10, 10 classes of 3x32x32 colour images (binary batch files in data-dir)";
  }

  @Override
  public List<OptionSpec> options() {
    return DatasetOptions.specs(
        "folder with data_batch_1.bin .. data_batch_5.bin and test_batch.bin (or its"
            + " cifar-10-batches-bin subfolder); required, nothing is bundled",
        DatasetOptions.CROP_FLIP);
  }

  @Override
  public Dataset open(Map<String, String> rawOptions) {
    DatasetOptions options = DatasetOptions.parse(options(), rawOptions);
    Path folder =
        options
            .dataDir()
            .orElseThrow(
                () ->
                    new InvalidOptionException(
                        DatasetOptions.DATA_DIR,
                        "option 'data-dir' is required for cifar10 (no sample is bundled): the"
                            + " folder with the CIFAR-10 binary batch files"));
    return new LoadedDataset(
        name(),
        CifarBinaryFolder.locate(folder).toString(),
        CLASS_NAMES,
        StratifiedSubset.of(
            CifarBinaryFolder.train(folder), options.subset(), options.subsetSeed()),
        CifarBinaryFolder.test(folder),
        options.augmentation());
  }
}
