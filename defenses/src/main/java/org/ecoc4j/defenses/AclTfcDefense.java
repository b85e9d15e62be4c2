package org.ecoc4j.defenses;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.plugin.PluginSource;
import org.ecoc4j.api.training.TrainingStage;

/**
 * {@code acl-tfc}: ACL-TFC of Chou and Chen ("Contrastive ECOC", Sec. 2.4), training with a
 * fine-tuned codebook. One network with K outputs, trained from scratch in one stage against the
 * fixed codebook that {@code acl-cfpc} learned (option {@code codebook}: the code table file a
 * trained acl-cfpc model holds), with the loss Eq. 9 ({@code L_ce (Eq. 6) + L_hl (Eq. 7) + L_rsl
 * (Eq. 4)}) against that table; decoded by {@code cosine-softmax} (Eq. 5) over the same table.
 * The code length is the table's.
 */
public final class AclTfcDefense implements Defense {

  static final String CODEBOOK = "codebook";

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.ofString(CODEBOOK, null,
              "the code table learned by acl-cfpc (a code table file of its model); required"),
          ContrastiveOptions.temperature());

  /** The provider, for {@link java.util.ServiceLoader}. */
  public AclTfcDefense() {
    // stateless
  }

  @Override
  public String name() {
    return "acl-tfc";
  }

  @Override
  public String description() {
    return "contrastive ECOC, ACL-TFC: trained from scratch against the fixed codebook learned by"
        + " acl-cfpc (Eq. 9); cosine-softmax";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public PreparedDefense prepare(
      int classes, long seed, Map<String, String> options, PluginSource plugins) {
    DefenseOptions.checkClasses(classes);
    Options parsed = Options.parse(OPTIONS, options);
    if (!parsed.has(CODEBOOK)) {
      throw new InvalidOptionException(CODEBOOK, "acl-tfc needs option 'codebook': the code table"
          + " file learned by acl-cfpc");
    }
    CodeTable table = read(parsed.getString(CODEBOOK));
    if (table.classes() != classes) {
      throw new InvalidOptionException(CODEBOOK, "the code table " + parsed.getString(CODEBOOK)
          + " has " + table.classes() + " classes, the data " + classes);
    }
    float tau = ContrastiveOptions.temperature(parsed);
    return new ContrastiveDesign(name(), parsed.asText(), parsed.derived(), classes,
        table.length(),
        config -> List.of(TrainingStage.of("train", ContrastiveLosses.onTable(table, tau), config)),
        Optional.of(table), false);
  }

  private static CodeTable read(String file) {
    try {
      return CodeTable.read(Path.of(file));
    } catch (IOException | RuntimeException e) {
      throw new InvalidOptionException(CODEBOOK, "cannot read the code table " + file + ": "
          + e.getMessage());
    }
  }
}
