package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.Options;
import org.junit.jupiter.api.Test;

/**
 * The backend option {@code memory}: it parses, its default leaves the session settings as they
 * were, a bad value is refused naming it, and {@code lean} reaches the sessions: training cnn1 in
 * a child JVM ({@link TrainingMemory}) grows the resident set by clearly less than with ONNX
 * Runtime's memory pattern (0.66 times at batch 16 here, 0.59 at batch 64, see the module README).
 */
class SessionMemoryTest {

  private final OrtBackend backend = new OrtBackend();

  @Test
  void theDefaultKeepsTheSessionSettingsAndLeanParses() {
    OrtSettings defaults = OrtBackend.settings(Options.parse(backend.options(), Map.of()));
    assertEquals(new OrtSettings(OrtDevice.CPU, OrtSettings.DEFAULT_THREADS), defaults);
    assertEquals(SessionMemory.DEFAULT, defaults.memory());
    assertEquals(SessionMemory.DEFAULT, OrtSettings.cpu().memory());
    OrtSettings lean = OrtBackend.settings(
        Options.parse(backend.options(), Map.of("memory", "lean", "threads", "1")));
    assertEquals(new OrtSettings(OrtDevice.CPU, 1).withMemory(SessionMemory.LEAN), lean);
    assertEquals(SessionMemory.LEAN, SessionMemory.parse(" LEAN "));
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> SessionMemory.parse("small"));
    assertTrue(unknown.getMessage().contains("'small'")
        && unknown.getMessage().contains("default, lean"), unknown.getMessage());
  }

  @Test
  void aBadValueIsRefusedNamingTheOption() {
    InvalidOptionException e = assertThrows(InvalidOptionException.class,
        () -> Options.parse(backend.options(), Map.of("memory", "small")));
    assertTrue(e.getMessage().contains("memory") && e.getMessage().contains("small"),
        e.getMessage());
  }

  @Test
  void leanSessionsTrainInLessResidentMemory() {
    var cnn1 = BenchmarkOptions.select("cnn1").get(0);
    OrtSettings settings = new OrtSettings(OrtDevice.CPU, 1);
    TrainingMemory pattern = TrainingMemory.measure(cnn1, 16, settings);
    TrainingMemory lean = TrainingMemory.measure(cnn1, 16, settings.withMemory(SessionMemory.LEAN));
    assertTrue(lean.growthBytes() > 0, "" + lean);
    assertTrue(lean.growthBytes() < 0.8 * pattern.growthBytes(),
        "lean " + lean.growthBytes() + " bytes against " + pattern.growthBytes());
  }
}
