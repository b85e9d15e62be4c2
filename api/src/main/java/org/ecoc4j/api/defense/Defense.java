package org.ecoc4j.api.defense;

import java.util.Map;
import org.ecoc4j.api.plugin.Plugin;
import org.ecoc4j.api.plugin.PluginSource;

/**
 * SPI: a defense, e.g. {@code random-binary-ensemble}, {@code one-hot}, {@code random-target} or
 * {@code adp}.
 *
 * <p>Providers are stateless factories found with {@link java.util.ServiceLoader}; {@link
 * #prepare} binds the defense to a number of classes, a seed and options, drawing its codebooks,
 * and returns the {@link PreparedDefense} that says how to build, train, decode and attack it.
 */
public interface Defense extends Plugin {

  /**
   * Binds the defense to its options.
   *
   * @param classes number of classes N, at least 2
   * @param seed seed of every random choice (codebooks); the same arguments give the same design
   * @param options defense options by name, validated against {@link #options()}
   * @param plugins the installed plugins: the codebook generators and decoders a defense may be
   *     told to use by name; throws {@link IllegalArgumentException} for a name it does not know
   * @throws IllegalArgumentException for fewer than 2 classes or codebooks that cannot be drawn
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for unknown or malformed options, a code
   *     too short for the classes, or a decoder that cannot decode the chosen code
   */
  PreparedDefense prepare(
      int classes, long seed, Map<String, String> options, PluginSource plugins);
}
