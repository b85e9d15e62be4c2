package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecoc4j.api.codebook.CodeTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --defense acl-pf} writes its learned code table into the model directory;
 * {@code evaluate} reloads it (and prints each attack's median L2 of successful examples) and
 * {@code attack} reads it too (its console summary and report.csv have the median L2 column), on
 * a quarter of the bundled Fashion-MNIST sample; {@code evaluate --protocol adaptive} runs the
 * papers' attacks and {@code cw-l2} on the margin alone and reports a finite median L2 for
 * cw-l2, and a bad protocol word is a usage error naming it; without the table both fail naming
 * the file.
 */
class ContrastiveCliTest {

  @TempDir Path work;

  private CliResult run(String... args) {
    return Cli.in(work).run(args);
  }

  @Test
  void aclPfSavesItsLearnedCodeTableAndEvaluateReadsIt() throws IOException {
    CliResult train =
        run("train", "--defense", "acl-pf", "--architecture", "lenet", "--dataset",
            "fashion-mnist", "--epochs", "1", "-O", "code-length=16", "-O", "dataset.subset=0.25",
            "--out", "model");
    assertEquals(0, train.code(), train::toString);
    assertTrue(train.out().startsWith("trained acl-pf (1 members x 16 outputs)"), train::toString);
    Path table = work.resolve("model/code-table.txt");
    CodeTable codes = CodeTable.read(table);
    assertEquals(10, codes.classes());
    assertEquals(16, codes.length());
    assertFalse(Files.exists(work.resolve("model/codebooks.json")), "no binary codebooks");
    assertTrue(Files.readString(work.resolve("model/model.json")).contains("\"code-table\""));
    CliResult evaluate =
        run("evaluate", "--model", "model", "--attacks", "fgsm", "--epsilons", "0.1",
            "--samples", "30", "--steps", "5", "--out", "report");
    assertEquals(0, evaluate.code(), evaluate::toString);
    assertTrue(evaluate.out().contains("fgsm 0.1"), evaluate::toString);
    assertTrue(evaluate.out().contains(", median L2 of successful examples: fgsm "),
        evaluate::toString);
    CliResult adaptive =
        run("evaluate", "--model", "model", "--attacks", "fgsm,cw-l2", "--epsilons", "1",
            "--samples", "20", "--steps", "10", "--protocol", "adaptive", "--out", "adaptive");
    assertEquals(0, adaptive.code(), adaptive::toString);
    Matcher cw = Pattern.compile("median L2 of successful examples: fgsm-margin \\S+ cw-l2-margin"
        + " (\\S+)").matcher(adaptive.out());
    assertTrue(cw.find(), "the adaptive protocol alone, cw-l2 on the margin: " + adaptive);
    double medianL2 = Double.parseDouble(cw.group(1));
    assertTrue(Double.isFinite(medianL2) && medianL2 > 0 && medianL2 < 28,
        "cw-l2's median L2 is finite, positive and below the image's diameter: " + medianL2);
    assertFalse(adaptive.out().contains(" fgsm 1.0"), "no run of the papers' protocol: "
        + adaptive);
    CliResult badProtocol = run("evaluate", "--model", "model", "--protocol", "papers,adaptve",
        "--out", "r0");
    assertEquals(2, badProtocol.code(), badProtocol::toString);
    assertTrue(badProtocol.err().contains("got 'adaptve' in 'papers,adaptve'"),
        badProtocol::toString);
    CliResult attack =
        run("attack", "--model", "model", "--dataset", "fashion-mnist", "--attacks", "pgd",
            "--epsilons", "0.1", "--objective", "margin", "--samples", "20", "--steps", "3",
            "--out", "attacked");
    assertEquals(0, attack.code(), attack::toString);
    assertTrue(attack.out().contains("attack,epsilon,robust_accuracy,success_rate,rejection_rate,"
        + "median_l2\npgd,0.1,"), attack::toString);
    assertTrue(Files.readAllLines(work.resolve("attacked/report.csv")).get(0)
        .contains(",median_l2,"), attack::toString);
    Files.delete(table);
    CliResult missing =
        run("evaluate", "--model", "model", "--attacks", "fgsm", "--samples", "10", "--out", "r2");
    assertEquals(1, missing.code(), missing::toString);
    assertTrue(missing.err().contains("code-table.txt"), missing::toString);
    CliResult missingForAttack =
        run("attack", "--model", "model", "--dataset", "fashion-mnist", "--attacks", "fgsm",
            "--epsilons", "0.1", "--samples", "10", "--out", "r3");
    assertEquals(1, missingForAttack.code(), missingForAttack::toString);
    assertTrue(missingForAttack.err().contains("code-table.txt"), missingForAttack::toString);
  }
}
