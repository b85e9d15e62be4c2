package org.ecoc4j.launcher.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.junit.jupiter.api.Test;

/** {@code -O} values reach the dataset, the backend or the defense they name or fit. */
class OptionRouterTest {

  private static final OptionRouter ROUTER =
      new OptionRouter(List.of(
          new OptionRouter.Target("dataset", "fashion-mnist",
              List.of(OptionSpec.ofDouble("subset", 1.0, "fraction"),
                  OptionSpec.ofString("data-dir", "", "folder"),
                  OptionSpec.ofInt("seed", 0, "a name the backend has too"))),
          new OptionRouter.Target("backend", "ort",
              List.of(OptionSpec.ofInt("threads", 1, "threads"),
                  OptionSpec.ofInt("seed", 0, "a name the dataset has too"))),
          new OptionRouter.Target("defense", "random-target",
              List.of(OptionSpec.ofInt("code-length", null, "K"),
                  OptionSpec.ofPlugin("code", "random-binary", "generator")))));

  private static Map<String, String> ordered(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void prefixesByRoleOrPluginNameAndUniqueOwnersRoute() {
    Map<String, Map<String, String>> routed =
        ROUTER.route(ordered(
            "dataset.subset", "0.25", "ort.threads", "4", "code-length", "16",
            "code.polynomial", "CRC7", "data-dir", "d", "backend.seed", "3",
            "random-target.code", "crc"));
    assertEquals(Map.of("subset", "0.25", "data-dir", "d"), routed.get("dataset"));
    assertEquals(Map.of("threads", "4", "seed", "3"), routed.get("backend"));
    assertEquals(
        Map.of("code-length", "16", "code.polynomial", "CRC7", "code", "crc"),
        routed.get("defense"));
    assertEquals(Map.of(), ROUTER.route(Map.of()).get("backend"), "every role has a map");
  }

  @Test
  void anAmbiguousNameListsTheCandidates() {
    InvalidOptionException e =
        assertThrows(InvalidOptionException.class, () -> ROUTER.route(Map.of("seed", "1")));
    assertEquals("seed", e.option());
    assertTrue(e.getMessage().contains("dataset.seed, backend.seed"), e.getMessage());
  }

  @Test
  void aNameNoPluginAcceptsListsTheValidOptions() {
    InvalidOptionException e =
        assertThrows(InvalidOptionException.class, () -> ROUTER.route(Map.of("colour", "red")));
    assertTrue(e.getMessage().contains("dataset.subset") && e.getMessage().contains("backend"
        + ".threads") && e.getMessage().contains("defense.code.OPTION"), e.getMessage());
    assertThrows(
        InvalidOptionException.class, () -> ROUTER.route(Map.of("subset.x", "1")),
        "a dotted name under an option that names no plugin is unknown");
  }
}
