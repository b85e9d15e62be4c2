package org.ecoc4j.api.data;

import java.util.Map;
import org.ecoc4j.api.plugin.Plugin;

/**
 * SPI: opens a dataset by name, e.g. {@code fashion-mnist}, {@code mnist} or {@code cifar10}.
 *
 * <p>Providers are stateless and found with {@link java.util.ServiceLoader}. Their usual options
 * are {@code data-dir} (a folder with the dataset's standard files; empty selects a bundled sample
 * where the provider has one) and {@code subset} (a fraction of the training split, drawn
 * stratified by class for limited-data experiments), but {@link #options()} is the full list.
 */
public interface DatasetProvider extends Plugin {

  /**
   * Opens the dataset, validating every file it reads.
   *
   * @param options provider options by name, validated against {@link #options()}
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for unknown or malformed options
   * @throws DatasetException for missing, truncated or corrupt data, naming the file and the
   *     problem
   */
  Dataset open(Map<String, String> options);
}
