package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecoc4j.api.codebook.CodeTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --defense acl-pf} writes its learned code table into the model directory;
 * {@code evaluate} reloads it (and prints each attack's median L2 of successful examples) and
 * {@code attack} reads it too (its console summary and report.csv have the median L2 column), on
 * a quarter of the bundled Fashion-MNIST sample; without the table both fail naming the file.
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
