package org.ecoc4j.launcher.cli;

import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.launcher.config.BackendSelector;
import org.ecoc4j.store.SavedBackend;
import org.ecoc4j.store.SavedModel;
import org.ecoc4j.host.PluginEntry;
import org.ecoc4j.host.PluginRegistry;
import picocli.CommandLine.Option;

/**
 * The {@code --backend NAME} option of the commands that train, evaluate or attack, and the
 * backend it chooses with a {@link BackendSelector}.
 */
public final class BackendOptionMixin {

  @Option(names = "--backend", paramLabel = "NAME",
      description = "Backend plugin ('ecoc4j plugins list'); default: configuration key "
          + BackendSelector.KEY + ", else the backend a saved model was trained with, else the"
          + " only installed backend, else " + BackendSelector.FALLBACK + ".")
  private String name;

  /**
   * The backend that trains a new model.
   *
   * @throws org.ecoc4j.host.UnknownPluginException as {@link BackendSelector#select}
   */
  public PluginEntry<Backend> forNewModel(
      BackendSelector selector, PluginRegistry<Backend> backends) {
    return selector.select(backends, name, null);
  }

  /**
   * The backend that loads {@code saved}: chosen as for a new model, except that the backend it
   * was trained with comes before the only installed one and {@value BackendSelector#FALLBACK}.
   *
   * @throws org.ecoc4j.host.UnknownPluginException as {@link BackendSelector#select}
   * @throws org.ecoc4j.store.BackendMismatchException when the chosen backend cannot load
   *     the model's checkpoint
   */
  public PluginEntry<Backend> forSavedModel(
      BackendSelector selector, PluginRegistry<Backend> backends, SavedModel saved) {
    PluginEntry<Backend> chosen = selector.select(backends, name, SavedBackend.name(saved));
    SavedBackend.requireLoadable(saved, chosen, backends);
    return chosen;
  }
}
