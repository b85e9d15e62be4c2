package org.ecoc4j.api.plugin;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Validated, typed option values of one plugin: the user's values over the declared defaults.
 *
 * <p>Built by {@link #parse(List, Map)}, which refuses unknown names (listing the valid ones) and
 * malformed values. A plugin that computes an option without a declared default from its other
 * inputs (a distance bound from the code length, say) records the value it used with {@link
 * #derive}, so that provenance holds every value in effect and says which ones were derived.
 *
 * <p>An option of type {@link OptionType#PLUGIN} names another plugin; values given as {@code
 * name.OPTION} (e.g. {@code code.length=32} beside {@code code=random-binary}) are that plugin's
 * options: kept as text, unchecked here, returned by {@link #nested} for the plugin to validate,
 * and recorded by {@link #asText} under their dotted names. Immutable.
 */
public final class Options {

  private final Map<String, OptionSpec> specs;
  private final Map<String, Object> values;
  private final Map<String, String> given;
  private final Set<String> derived;
  private final Map<String, Map<String, String>> nested;

  private Options(
      Map<String, OptionSpec> specs,
      Map<String, Object> values,
      Map<String, String> given,
      Set<String> derived,
      Map<String, Map<String, String>> nested) {
    this.specs = specs;
    this.values = values;
    this.given = given;
    this.derived = derived;
    this.nested = nested;
  }

  /**
   * Validates raw user values against a plugin's declared options.
   *
   * @param declared the plugin's {@link Plugin#options()}
   * @param raw user values by option name; may be empty
   * @throws InvalidOptionException for an unknown name (the message lists the valid names) or a
   *     value that does not parse; a dotted name {@code name.OPTION} is known when {@code name}
   *     is a {@link OptionType#PLUGIN} option
   */
  public static Options parse(List<OptionSpec> declared, Map<String, String> raw) {
    Objects.requireNonNull(declared, "declared");
    Objects.requireNonNull(raw, "raw");
    Map<String, OptionSpec> specs = new LinkedHashMap<>();
    for (OptionSpec spec : declared) {
      if (specs.put(spec.name(), spec) != null) {
        throw new IllegalArgumentException("option '" + spec.name() + "' is declared twice");
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (OptionSpec spec : declared) {
      if (spec.defaultValue() != null) {
        values.put(spec.name(), spec.parse(spec.defaultValue()));
      }
    }
    Map<String, String> given = new LinkedHashMap<>();
    Map<String, Map<String, String>> nested = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : raw.entrySet()) {
      String key = entry.getKey();
      int dot = key.indexOf('.');
      OptionSpec owner = dot > 0 ? specs.get(key.substring(0, dot)) : null;
      if (owner != null && owner.type() == OptionType.PLUGIN && dot < key.length() - 1) {
        if (entry.getValue() == null) {
          throw new InvalidOptionException(key, "option '" + key + "' has no value");
        }
        nested.computeIfAbsent(owner.name(), k -> new LinkedHashMap<>())
            .put(key.substring(dot + 1), entry.getValue());
        continue;
      }
      OptionSpec spec = specs.get(key);
      if (spec == null) {
        throw new InvalidOptionException(key, "unknown option '" + key + "'; valid options: "
            + (specs.isEmpty() ? "(none)" : validNames(specs.values())));
      }
      values.put(spec.name(), spec.parse(entry.getValue()));
      given.put(spec.name(), entry.getValue());
    }
    Map<String, Map<String, String>> frozen = new LinkedHashMap<>();
    nested.forEach((name, options) -> frozen.put(name, Collections.unmodifiableMap(options)));
    return new Options(
        Collections.unmodifiableMap(specs),
        Collections.unmodifiableMap(values),
        Collections.unmodifiableMap(given),
        Set.of(),
        Collections.unmodifiableMap(frozen));
  }

  private static String validNames(Collection<OptionSpec> specs) {
    return specs.stream()
        .map(s -> s.type() == OptionType.PLUGIN ? s.name() + ", " + s.name() + ".OPTION" : s.name())
        .collect(Collectors.joining(", "));
  }

  /**
   * The options given for the plugin that the {@link OptionType#PLUGIN} option {@code name}
   * selects ({@code name.OPTION=VALUE}), dotted prefix removed, as given; empty when none were.
   *
   * @throws IllegalArgumentException when {@code name} is not a declared plugin option
   */
  public Map<String, String> nested(String name) {
    OptionSpec spec = declared(name);
    if (spec.type() != OptionType.PLUGIN) {
      throw new IllegalArgumentException("option '" + name + "' does not name a plugin");
    }
    return nested.getOrDefault(spec.name(), Map.of());
  }

  /**
   * A copy in which an option that has no value (it was not given and declares no default) has
   * the value the plugin derived for it from other inputs, marked as derived.
   *
   * @param name a declared option without a value
   * @param value the derived value as text, parsed like a given one
   * @throws IllegalArgumentException when the option is not declared
   * @throws IllegalStateException when the option already has a value (given or default)
   * @throws InvalidOptionException when the value does not fit the option's type
   */
  public Options derive(String name, String value) {
    OptionSpec spec = declared(name);
    if (values.containsKey(spec.name())) {
      throw new IllegalStateException(
          "option '" + name + "' already has a value, " + values.get(spec.name())
              + "; only an option without one is derived");
    }
    Map<String, Object> more = new LinkedHashMap<>();
    for (String option : specs.keySet()) {
      if (option.equals(spec.name())) {
        more.put(option, spec.parse(value));
      } else if (values.containsKey(option)) {
        more.put(option, values.get(option));
      }
    }
    Set<String> marked = new LinkedHashSet<>(derived);
    marked.add(spec.name());
    return new Options(
        specs,
        Collections.unmodifiableMap(more),
        given,
        Collections.unmodifiableSet(marked),
        nested);
  }

  /** Whether the option has a value, given or by default. */
  public boolean has(String name) {
    return values.containsKey(declared(name).name());
  }

  /** Whether the user gave the option explicitly (not its default). */
  public boolean given(String name) {
    return given.containsKey(declared(name).name());
  }

  /** Whether the option's value was derived by the plugin ({@link #derive}). */
  public boolean isDerived(String name) {
    return derived.contains(declared(name).name());
  }

  /** The names of the derived options, in declaration order. */
  public List<String> derived() {
    return specs.keySet().stream().filter(derived::contains).toList();
  }

  /** The option's integer value. */
  public int getInt(String name) {
    return (Integer) value(name, OptionType.INTEGER);
  }

  /** The option's long value. */
  public long getLong(String name) {
    return (Long) value(name, OptionType.LONG);
  }

  /** The option's double value. */
  public double getDouble(String name) {
    return (Double) value(name, OptionType.DOUBLE);
  }

  /** The option's boolean value. */
  public boolean getBoolean(String name) {
    return (Boolean) value(name, OptionType.BOOLEAN);
  }

  /**
   * The option's text value ({@link OptionType#STRING}, {@link OptionType#CHOICE} or {@link
   * OptionType#PLUGIN}).
   */
  public String getString(String name) {
    OptionSpec spec = declared(name);
    if (spec.type() == OptionType.INTEGER || spec.type() == OptionType.LONG
        || spec.type() == OptionType.DOUBLE || spec.type() == OptionType.BOOLEAN) {
      throw new IllegalStateException("option '" + name + "' is " + spec.type() + ", not text");
    }
    return (String) present(spec);
  }

  /**
   * Every value in effect as text, defaults and derived values included, in declaration order,
   * then the nested plugins' options as given under their dotted names: what provenance records
   * ({@link #derived()} says which values were derived).
   */
  public Map<String, String> asText() {
    Map<String, String> text = new LinkedHashMap<>();
    values.forEach((name, value) -> text.put(name, String.valueOf(value)));
    nested.forEach((name, options) -> options.forEach((o, v) -> text.put(name + "." + o, v)));
    return text;
  }

  private Object value(String name, OptionType type) {
    OptionSpec spec = declared(name);
    if (spec.type() != type) {
      throw new IllegalStateException("option '" + name + "' is " + spec.type() + ", not " + type);
    }
    return present(spec);
  }

  private Object present(OptionSpec spec) {
    Object value = values.get(spec.name());
    if (value == null) {
      throw new IllegalStateException(
          "option '" + spec.name() + "' has no default and was not given; check has() first");
    }
    return value;
  }

  private OptionSpec declared(String name) {
    OptionSpec spec = specs.get(name);
    if (spec == null) {
      throw new IllegalArgumentException("option '" + name + "' is not declared");
    }
    return spec;
  }

  @Override
  public String toString() {
    return asText().toString();
  }
}
