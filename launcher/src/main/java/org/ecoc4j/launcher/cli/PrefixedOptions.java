package org.ecoc4j.launcher.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes {@code -O} values among several plugins of one command: {@code -O pgd.restarts=3} goes
 * to the plugin {@code pgd}; an unprefixed {@code -O restarts=3} is allowed only when there is
 * one plugin.
 */
final class PrefixedOptions {

  private PrefixedOptions() {}

  /**
   * The values for {@code plugin}, prefix removed.
   *
   * @param given every {@code -O} value
   * @param plugins the names of all plugins the command runs
   * @throws IllegalArgumentException for an unprefixed value among several plugins, or a prefix
   *     that names none of them
   */
  static Map<String, String> of(String plugin, Map<String, String> given, List<String> plugins) {
    Map<String, String> mine = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : given.entrySet()) {
      String key = e.getKey();
      int dot = key.indexOf('.');
      if (dot < 0) {
        if (plugins.size() > 1) {
          throw new IllegalArgumentException(
              "-O " + key + " is ambiguous among " + String.join(", ", plugins)
                  + "; prefix it with the attack's name, e.g. -O " + plugins.get(0) + "." + key);
        }
        mine.put(key, e.getValue());
        continue;
      }
      String owner = key.substring(0, dot);
      if (!plugins.contains(owner)) {
        throw new IllegalArgumentException(
            "-O " + key + " names '" + owner + "', which is not among the attacks run ("
                + String.join(", ", plugins) + ")");
      }
      if (owner.equals(plugin)) {
        mine.put(key.substring(dot + 1), e.getValue());
      }
    }
    return mine;
  }
}
