package org.ecoc4j.launcher.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.OptionType;

/**
 * Routes the {@code -O name=value} options of a command to the plugins it uses (dataset,
 * backend, defense, ...). A name prefixed with a plugin's role or its name goes to that plugin
 * ({@code -O dataset.subset=0.25}, {@code -O backend.threads=4}, {@code -O fashion-mnist.subset=
 * 0.25}); an unprefixed name goes to the one plugin that accepts it, either as one of its options
 * or as an option of a plugin it names ({@code -O code.polynomial=CRC7} reaches the defense whose
 * {@code code} option names the generator). A name no plugin accepts, or several do, is an error
 * that lists the options, or the candidates, with their prefixes.
 */
public final class OptionRouter {

  /**
   * A plugin a command uses.
   *
   * @param role what it is to the command, e.g. {@code dataset}, {@code backend}, {@code defense}
   * @param plugin its name, e.g. {@code fashion-mnist}
   * @param declared every option it accepts
   */
  public record Target(String role, String plugin, List<OptionSpec> declared) {

    /** Copies the options. */
    public Target {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(plugin, "plugin");
      declared = List.copyOf(declared);
    }

    private boolean accepts(String name) {
      int dot = name.indexOf('.');
      String head = dot < 0 ? name : name.substring(0, dot);
      return declared.stream()
          .anyMatch(o -> o.name().equals(name)
              || dot > 0 && o.type() == OptionType.PLUGIN && o.name().equals(head));
    }
  }

  private final List<Target> targets;

  /**
   * A router among {@code targets}.
   *
   * @throws IllegalArgumentException when two targets share a role
   */
  public OptionRouter(List<Target> targets) {
    this.targets = List.copyOf(targets);
    if (this.targets.stream().map(Target::role).distinct().count() != this.targets.size()) {
      throw new IllegalArgumentException("two plugins with one role among " + this.targets);
    }
  }

  /**
   * The options of each target by role (an empty map for a target given none), prefixes removed,
   * in command-line order.
   *
   * @throws InvalidOptionException for a name no target accepts, or several do
   */
  public Map<String, Map<String, String>> route(Map<String, String> given) {
    Map<String, Map<String, String>> routed = new LinkedHashMap<>();
    targets.forEach(t -> routed.put(t.role(), new LinkedHashMap<>()));
    for (Map.Entry<String, String> e : given.entrySet()) {
      String key = e.getKey();
      Target owner = prefixed(key);
      if (owner != null) {
        routed.get(owner.role()).put(key.substring(key.indexOf('.') + 1), e.getValue());
        continue;
      }
      List<Target> candidates = targets.stream().filter(t -> t.accepts(key)).toList();
      if (candidates.size() == 1) {
        routed.get(candidates.get(0).role()).put(key, e.getValue());
      } else if (candidates.isEmpty()) {
        throw new InvalidOptionException(key, "-O " + key + ": no plugin of this command has"
            + " option '" + key + "'; valid options: " + validOptions());
      } else {
        throw new InvalidOptionException(key, "-O " + key + " is ambiguous: "
            + candidates.stream().map(t -> t.role() + "." + key).collect(Collectors.joining(", "))
            + " accept it; prefix it with the plugin's role");
      }
    }
    return routed;
  }

  /** The target that the key's first dotted word names by role or plugin name, if any. */
  private Target prefixed(String key) {
    int dot = key.indexOf('.');
    if (dot <= 0 || dot == key.length() - 1) {
      return null;
    }
    String head = key.substring(0, dot);
    for (Target t : targets) {
      if (t.role().equals(head) || t.plugin().equals(head)) {
        return t;
      }
    }
    return null;
  }

  private String validOptions() {
    List<String> all = new ArrayList<>();
    for (Target t : targets) {
      for (OptionSpec o : t.declared()) {
        all.add(t.role() + "." + o.name()
            + (o.type() == OptionType.PLUGIN ? ", " + t.role() + "." + o.name() + ".OPTION" : ""));
      }
    }
    return all.isEmpty() ? "(none)" : String.join(", ", all);
  }
}
