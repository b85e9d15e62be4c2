package org.ecoc4j.launcher.config;

import io.smallrye.config.EnvConfigSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.plugin.Plugin;
import org.ecoc4j.host.PluginEntry;
import org.ecoc4j.host.PluginKind;
import org.ecoc4j.host.PluginRegistry;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Gathers one plugin's option values from configuration and the command line, the command line
 * winning, and validates them with {@link Options#parse}.
 *
 * <p>Configuration keys are {@code ecoc4j.<kind>.<plugin>.<option>}, e.g. {@code
 * ecoc4j.codebook.random-binary.length}; as environment variables, {@code
 * ECOC4J_CODEBOOK_RANDOM_BINARY_LENGTH}. A key under the plugin's prefix that names no declared
 * option is an error naming the key, where it came from, and the valid options.
 */
public final class PluginOptionResolver {

  /** SmallRye names a properties source {@code PropertiesConfigSource[source=NAME]}. */
  private static final Pattern WRAPPED_SOURCE = Pattern.compile("\\w+\\[source=(.*)]");

  private final Config config;

  /** A resolver reading {@code config}. */
  public PluginOptionResolver(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Resolves the options of a plugin from a registry: its SPI's common options and its own.
   *
   * @throws InvalidOptionException for an unknown option or a malformed value
   */
  public <T extends Plugin> ResolvedOptions resolve(
      PluginRegistry<T> registry, PluginEntry<T> entry, Map<String, String> commandLine) {
    PluginKind<T> kind = registry.kind();
    return resolve(
        kind.key(), entry.name(), kind.optionsOf(entry.plugin()), registry.names(), commandLine);
  }

  /**
   * Resolves the options of one plugin.
   *
   * @param kindKey the SPI's configuration word, e.g. {@code codebook}
   * @param plugin the plugin's name
   * @param declared every option the plugin accepts
   * @param siblings names of the other plugins of the same SPI; an environment variable that
   *     belongs to one of them (a longer name with this one as prefix) is not this plugin's
   * @param commandLine values given on the command line, by option name
   * @return the validated options and their raw text
   * @throws InvalidOptionException for an unknown option or a malformed value; the message names
   *     the option, its source and the valid options
   */
  public ResolvedOptions resolve(
      String kindKey,
      String plugin,
      List<OptionSpec> declared,
      Collection<String> siblings,
      Map<String, String> commandLine) {
    String prefix = "ecoc4j." + kindKey + "." + plugin + ".";
    Set<String> names = declared.stream().map(OptionSpec::name).collect(Collectors.toSet());
    Map<String, String> raw = new LinkedHashMap<>();
    Map<String, String> sourceOf = new LinkedHashMap<>();
    for (OptionSpec spec : declared) {
      record(config.getConfigValue(prefix + spec.name()), spec.name(), raw, sourceOf);
    }
    for (String key : configKeysUnder(prefix, siblings, kindKey)) {
      String option = optionName(key, prefix, declared);
      if (!names.contains(option)) {
        record(config.getConfigValue(key), option, raw, sourceOf);
      }
    }
    for (Map.Entry<String, String> entry : commandLine.entrySet()) {
      raw.put(entry.getKey(), entry.getValue());
      sourceOf.remove(entry.getKey());
    }
    try {
      return new ResolvedOptions(Options.parse(declared, raw), raw);
    } catch (InvalidOptionException e) {
      String source = sourceOf.get(e.option());
      if (source == null) {
        throw e;
      }
      throw new InvalidOptionException(e.option(), source + ": " + e.getMessage());
    }
  }

  private static void record(
      ConfigValue value, String option, Map<String, String> raw, Map<String, String> sourceOf) {
    if (value.getValue() != null) {
      raw.put(option, value.getValue());
      sourceOf.put(option, describe(value));
    }
  }

  private List<String> configKeysUnder(String prefix, Collection<String> siblings, String kindKey) {
    String envPrefix = environmentName(prefix);
    List<String> siblingPrefixes = new ArrayList<>();
    for (String sibling : siblings) {
      String siblingPrefix = environmentName("ecoc4j." + kindKey + "." + sibling + ".");
      if (siblingPrefix.length() > envPrefix.length() && siblingPrefix.startsWith(envPrefix)) {
        siblingPrefixes.add(siblingPrefix);
      }
    }
    List<String> keys = new ArrayList<>();
    for (String key : config.getPropertyNames()) {
      // SmallRye also lists each environment variable in a dotted lower-case form that loses the
      // hyphens; environment variables are matched by their own names only.
      boolean fromEnvironment = isEnvironment(config.getConfigValue(key));
      if (!fromEnvironment && key.startsWith(prefix) && key.length() > prefix.length()) {
        keys.add(key);
      } else if (fromEnvironment
          && key.startsWith(envPrefix)
          && key.length() > envPrefix.length()
          && siblingPrefixes.stream().noneMatch(key::startsWith)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /**
   * The option a key sets: the rest of a dotted key, or for an environment variable the declared
   * option whose environment form matches (else the variable's rest in lower case, which then
   * fails as unknown).
   */
  private static String optionName(String key, String prefix, List<OptionSpec> declared) {
    if (key.startsWith(prefix)) {
      return key.substring(prefix.length());
    }
    String rest = key.substring(environmentName(prefix).length());
    for (OptionSpec spec : declared) {
      if (environmentName(spec.name()).equals(rest)) {
        return spec.name();
      }
    }
    return rest.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The MicroProfile Config environment variable form of a key: non-alphanumerics to '_'. */
  static String environmentName(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private static boolean isEnvironment(ConfigValue value) {
    return value.getSourceName() != null && value.getSourceName().startsWith(EnvConfigSource.NAME);
  }

  /** Where a value came from: the environment variable, or the key and its source. */
  static String describe(ConfigValue value) {
    if (isEnvironment(value)) {
      return "environment variable " + environmentName(value.getName());
    }
    String source = value.getSourceName() == null ? "configuration" : value.getSourceName();
    Matcher wrapped = WRAPPED_SOURCE.matcher(source);
    return "configuration key " + value.getName() + " from "
        + (wrapped.matches() ? wrapped.group(1) : source);
  }
}
