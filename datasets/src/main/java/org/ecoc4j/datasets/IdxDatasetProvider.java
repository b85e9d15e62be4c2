package org.ecoc4j.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetException;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.datasets.idx.IdxFolder;
import org.ecoc4j.datasets.idx.IdxSource;
import org.ecoc4j.datasets.idx.IdxSplitLoader;

/**
 * A provider of a 28 x 28 grey-scale dataset in IDX format (the MNIST family): read from a folder
 * of the four standard files, or from the sample bundled in this module when no folder is given.
 * Besides the options of every built-in dataset ({@link DatasetOptions}), option {@value #CHANNELS}
 * {@code 3} shows each image as three identical channels ({@link ReplicatedChannelsSplit}).
 */
public abstract class IdxDatasetProvider implements DatasetProvider {

  /** The shape of every image of the MNIST family. */
  public static final ImageShape SHAPE = new ImageShape(1, 28, 28);

  /** Name of the option choosing one grey channel ({@code 1}) or three copies of it ({@code 3}). */
  public static final String CHANNELS = "channels";

  private final String name;
  private final List<String> classNames;

  /**
   * Creates the provider.
   *
   * @param name the dataset name, also the bundled sample's folder name
   * @param classNames class names by label
   */
  protected IdxDatasetProvider(String name, List<String> classNames) {
    this.name = name;
    this.classNames = List.copyOf(classNames);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<OptionSpec> options() {
    List<OptionSpec> specs = new ArrayList<>(DatasetOptions.specs(
        "folder with " + IdxFolder.TRAIN_IMAGES + " and the other IDX files (plain or .gz);"
            + " empty uses the bundled sample",
        DatasetOptions.NONE));
    specs.add(OptionSpec.ofChoice(
        CHANNELS,
        "1",
        "1 keeps the grey channel; 3 replicates it into three identical channels, the input of a"
            + " colour network, as the contrastive ECOC paper feeds Fashion-MNIST (colour jitter"
            + " then changes brightness and contrast)",
        "1",
        "3"));
    return List.copyOf(specs);
  }

  /** The class names, indexed by label. */
  public List<String> classNames() {
    return classNames;
  }

  /** The resource folder of the bundled sample, e.g. {@code /org/ecoc4j/datasets/bundled/mnist/}. */
  public String bundledFolder() {
    return "/org/ecoc4j/datasets/bundled/" + name + "/";
  }

  @Override
  public Dataset open(Map<String, String> rawOptions) {
    DatasetOptions options = DatasetOptions.parse(options(), rawOptions);
    String source;
    Split train;
    Split test;
    if (options.dataDir().isPresent()) {
      Path folder = options.dataDir().get();
      source = folder.toString();
      train = load("train", folder, IdxFolder.TRAIN_IMAGES, IdxFolder.TRAIN_LABELS);
      test = load("test", folder, IdxFolder.TEST_IMAGES, IdxFolder.TEST_LABELS);
    } else {
      source = "bundled sample " + bundledFolder();
      train = loadBundled("train", IdxFolder.TRAIN_IMAGES, IdxFolder.TRAIN_LABELS);
      test = loadBundled("test", IdxFolder.TEST_IMAGES, IdxFolder.TEST_LABELS);
    }
    for (Split split : List.of(train, test)) {
      if (!split.shape().equals(SHAPE)) {
        throw new DatasetException(
            source,
            split.name() + " images are " + split.shape() + ", but " + name + " has " + SHAPE);
      }
    }
    Split kept = StratifiedSubset.of(train, options.subset(), options.subsetSeed());
    if (Options.parse(options(), rawOptions).getString(CHANNELS).equals("3")) {
      kept = new ReplicatedChannelsSplit(kept);
      test = new ReplicatedChannelsSplit(test);
    }
    return new LoadedDataset(name, source, classNames, kept, test, options.augmentation());
  }

  private Split load(String split, Path folder, String images, String labels) {
    return IdxSplitLoader.load(
        split,
        IdxSource.file(IdxFolder.find(folder, images)),
        IdxSource.file(IdxFolder.find(folder, labels)),
        classNames.size());
  }

  private Split loadBundled(String split, String images, String labels) {
    return IdxSplitLoader.load(
        split,
        IdxSource.resource(IdxDatasetProvider.class, bundledFolder() + images + ".gz"),
        IdxSource.resource(IdxDatasetProvider.class, bundledFolder() + labels + ".gz"),
        classNames.size());
  }
}
