package org.ecoc4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs the ablation experiment at its full CPU size (minutes); skipped unless
 * {@code -Decoc4j.ablation=<output folder>} is given. The table it prints goes into the README.
 */
@EnabledIfSystemProperty(named = "ecoc4j.ablation", matches = ".+")
class AblationExperiment {

  @Test
  void run() {
    Path out = Path.of(System.getProperty("ecoc4j.ablation"));
    AttackSuite suite = new AttackSuite(List.of("fgsm", "pgd", "mim"), List.of(0.1), 40, 500, 100, 1);
    ComparisonTable table =
        new Ablation(PluginLookup.builtIn(), System.err)
            .run(out, new Quickstart.Settings(10, Map.of(), suite, "ort", Map.of("threads", "2"), 1));
    System.out.println(table.text());
    assertEquals(2 * Ablation.variants().size(), table.rows().size());
  }
}
