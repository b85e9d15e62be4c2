package org.ecoc4j.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingStage;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contrastive ECOC defenses train on the bundled Fashion-MNIST sample through the {@link
 * DefenseTrainer} (lenet, one epoch a stage, code length 16): acl-cfpc and acl-pf learn their
 * codebook as the class means of the trained network's outputs on the held-out generation split
 * (Eq. 3); the table saved and read back is bit-exact; reloaded from its checkpoint and table, a
 * defense decides the test images exactly as trained, and the attacks' training loss and margin
 * (with their input gradients) are the same on the network just trained and on the reloaded one;
 * acl-tfc trains against the table acl-cfpc learned. Pretraining has its projection head (the
 * default), which neither the checkpoint nor the exported model holds.
 */
class ContrastiveDefensesTest {

  private static final PluginLookup PLUGINS = PluginLookup.builtIn();
  private static final Map<String, String> DATA = Map.of("subset", "0.25");
  private static final Map<String, String> CODES = Map.of("code-length", "16");

  private static Dataset data() {
    return PLUGINS.find(DatasetProvider.class, "fashion-mnist").open(DATA);
  }

  private static TrainingRequest request(String defense, Map<String, String> options) {
    return new TrainingRequest(defense, options, "lenet", "ort",
        Map.of("threads", "2", "progress", "false"), TrainingConfig.adamW(1, 32, 3), 3);
  }

  private static int[] decide(TrainedDefense trained) {
    Split test = trained.dataset().test();
    float[] outputs = DefenseTrainer.outputs(trained.network(), test);
    Decisions decisions = Decisions.withCapacity(test.size());
    trained.decoder().decode(outputs, decisions);
    return decisions.labels();
  }

  /** Trains, checks Eq. 3, saves checkpoint and table, reloads; returns the saved table. */
  private static Path trainSaveReload(String defense, Map<String, String> options, Path dir)
      throws Exception {
    Dataset dataset = data();
    TrainingRequest request = request(defense, options);
    try (TrainedDefense trained = new DefenseTrainer(PLUGINS).train(request, dataset)) {
      CodeTable table = trained.design().codeTables().get(0);
      if (trained.design().learnsCodes()) {
        Split generation = generation(dataset, request);
        float[] outputs = DefenseTrainer.outputs(trained.network(), generation);
        if (defense.equals("acl-pf")) {
          assertClassMeans(pretrainedOutputs(dataset, request, generation), generation, table);
          assertThrows(AssertionError.class,
              () -> assertClassMeans(outputs, generation, table),
              "acl-pf's codebook is generated after pretraining, not after fine-tuning");
        } else {
          assertClassMeans(outputs, generation, table);
        }
      }
      Path file = dir.resolve(defense + ".codes");
      table.write(file);
      assertEquals(table, CodeTable.read(file), "the table reads back bit-exactly");
      Path checkpoint = dir.resolve(defense + ".ckpt");
      trained.network().saveCheckpoint(checkpoint);
      assertNoHead(trained, checkpoint, dir);
      int[] decided = decide(trained);
      try (TrainedDefense reloaded = new ModelLoader(PLUGINS)
          .load(request, dataset, List.of(), List.of(CodeTable.read(file)), checkpoint)) {
        assertArrayEquals(decided, decide(reloaded), defense + " decides as trained");
        assertSameObjectives(trained, reloaded);
        assertEquals(table, reloaded.design().codeTables().get(0));
      }
      return file;
    }
  }

  private static Split generation(Dataset dataset, TrainingRequest request) {
    return DefenseTrainer.generationSplits(dataset.train(), request.seed()).get(1);
  }

  /**
   * The outputs on {@code generation} of the network that {@code request}'s first stage
   * (pretraining) alone trains on the same training part.
   */
  private static float[] pretrainedOutputs(
      Dataset dataset, TrainingRequest request, Split generation) {
    PreparedDefense design = PLUGINS.find(Defense.class, request.defense())
        .prepare(dataset.classes(), request.seed(), request.defenseOptions(), PLUGINS);
    TrainingStage pretrain = design.stages(request.config()).get(0);
    Split train = DefenseTrainer.generationSplits(dataset.train(), request.seed()).get(0);
    try (TrainedNetwork network = PLUGINS.find(Backend.class, "ort").train(
        design.model(request.architecture(), dataset.shape()), List.of(pretrain),
        new TrainingData(train, Optional.empty(), dataset.trainingAugmentation()),
        request.backendOptions())) {
      return DefenseTrainer.outputs(network, generation);
    }
  }

  @Test
  void aclPfResumedInsideFineTuningReachesTheUninterruptedRunWithTheSameCodebook(
      @TempDir Path dir) {
    Dataset dataset = data();
    Map<String, String> options = Map.of("code-length", "16", "pretrain-epochs", "1");
    TrainingRequest whole = new TrainingRequest("acl-pf", options, "lenet", "ort",
        Map.of("threads", "2", "progress", "false"), TrainingConfig.adamW(2, 32, 3), 3);
    Split test = dataset.test();
    float[] uninterrupted;
    CodeTable table;
    try (TrainedDefense trained = new DefenseTrainer(PLUGINS).train(whole, dataset)) {
      uninterrupted = DefenseTrainer.outputs(trained.network(), test);
      table = trained.design().codeTables().get(0);
    }
    Path checkpoint = dir.resolve("mid.ckpt");
    // a constant schedule: the first epoch of a 1-epoch stage is the first of the 2-epoch stage
    TrainingRequest first = request("acl-pf", options).withBackend("ort",
        Map.of("threads", "2", "progress", "false", "checkpoint", checkpoint.toString()));
    new DefenseTrainer(PLUGINS).train(first, dataset).close();
    assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("mid.ckpt.stage1.table")),
        "the codebook beside the checkpoint");
    TrainingRequest resumed = whole.withBackend("ort",
        Map.of("threads", "2", "progress", "false", "resume-from", checkpoint.toString()));
    try (TrainedDefense trained = new DefenseTrainer(PLUGINS).train(resumed, dataset)) {
      assertEquals(1, trained.network().history().size(), "only the second fine-tuning epoch");
      assertEquals(table, trained.design().codeTables().get(0), "the same codebook, bit for bit");
      assertArrayEquals(uninterrupted, DefenseTrainer.outputs(trained.network(), test),
          "the same weights");
    }
  }

  /**
   * The attacks' training loss and margin on the class scores of the network just trained equal
   * those of the reloaded one: both read the learned (or given) table, not a batch's class means.
   */
  private static void assertSameObjectives(TrainedDefense trained, TrainedDefense reloaded) {
    Split test = trained.dataset().test();
    int n = 8;
    int size = test.shape().size();
    float[] images = new float[n * size];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      test.copyImage(i, images, i * size);
      labels[i] = test.label(i);
    }
    for (Objective objective : List.of(PLUGINS.find(Objective.class, "loss"),
        PLUGINS.find(Objective.class, "margin"))) {
      float[] fresh = new float[n];
      float[] loaded = new float[n];
      float[] freshGradient = new float[images.length];
      float[] loadedGradient = new float[images.length];
      try (GradientOracle a = trained.network().gradientOracle(n, objective);
          GradientOracle b = reloaded.network().gradientOracle(n, objective)) {
        a.lossAndGradient(images, labels, fresh, freshGradient);
        b.lossAndGradient(images, labels, loaded, loadedGradient);
      }
      assertArrayEquals(loaded, fresh, 1e-5f, objective.name());
      assertArrayEquals(loadedGradient, freshGradient, 1e-5f, objective.name());
    }
  }

  /**
   * The pretraining stage's projection head (on by default) is not in the deployed network: no
   * parameter name of the head in its checkpoint or in its exported inference model.
   */
  private static void assertNoHead(TrainedDefense trained, Path checkpoint, Path dir)
      throws java.io.IOException {
    Path exported = dir.resolve("model.onnx");
    trained.network().exportInference(exported);
    for (Path file : List.of(checkpoint, exported)) {
      String bytes = new String(java.nio.file.Files.readAllBytes(file),
          java.nio.charset.StandardCharsets.ISO_8859_1);
      assertTrue(bytes.contains("m0.fc3.weight"), file + " names the network's parameters");
      assertTrue(!bytes.contains("projection_head"), file + " holds no projection head");
    }
  }

  private static void assertClassMeans(float[] outputs, Split generation, CodeTable table) {
    int k = table.length();
    double[][] sums = new double[table.classes()][k];
    int[] counts = new int[table.classes()];
    for (int i = 0; i < generation.size(); i++) {
      int y = generation.label(i);
      counts[y]++;
      for (int j = 0; j < k; j++) {
        sums[y][j] += outputs[i * k + j];
      }
    }
    for (int c = 0; c < table.classes(); c++) {
      for (int j = 0; j < k; j++) {
        assertEquals((float) (sums[c][j] / counts[c]), table.value(c, j), "class " + c);
      }
    }
  }

  @Test
  void aclCfpcLearnsItsCodebookAndAclTfcTrainsAgainstIt(@TempDir Path dir) throws Exception {
    Path learned = trainSaveReload("acl-cfpc", CODES, dir);
    trainSaveReload("acl-tfc", Map.of("codebook", learned.toString()), dir);
  }

  /**
   * Without the projection head: the check re-trains pretraining alone, and a run cannot end on a
   * stage with a head (the head's own tests are ProjectionHeadTest and ProjectionHeadOptionsTest).
   */
  @Test
  void aclPfLearnsItsCodebookAndReloads(@TempDir Path dir) throws Exception {
    Map<String, String> options = new HashMap<>(CODES);
    options.put("head", "off");
    trainSaveReload("acl-pf", options, dir);
  }

  @Test
  void simclrPretrainsThenFineTunesTheOneHotNetworkAndReloads(@TempDir Path dir)
      throws Exception {
    Dataset dataset = data();
    TrainingRequest request = request("simclr", Map.of());
    try (TrainedDefense trained = new DefenseTrainer(PLUGINS).train(request, dataset)) {
      assertEquals(List.of("pretrain", "finetune"), trained.design()
          .stages(request.config()).stream().map(s -> s.name()).toList());
      assertEquals(2, trained.network().history().size(), "one epoch a stage");
      Path checkpoint = dir.resolve("simclr.ckpt");
      trained.network().saveCheckpoint(checkpoint);
      assertNoHead(trained, checkpoint, dir);
      try (TrainedDefense reloaded = new ModelLoader(PLUGINS)
          .load(request, dataset, trained.design().codebooks(), checkpoint)) {
        assertArrayEquals(decide(trained), decide(reloaded));
      }
    }
  }

  @Test
  void stratifiedSplitsKeepEachClassInProportionAndFollowTheSeed() {
    Split train = data().train();
    List<Split> parts = StratifiedSplits.of(train, List.of("a", "b", "c"),
        new double[] {0.6, 0.3, 0.1}, 9);
    int[] whole = train.classCounts();
    int total = 0;
    for (int p = 0; p < 3; p++) {
      total += parts.get(p).size();
    }
    assertEquals(train.size(), total, "every sample in exactly one part");
    double[] share = {0.6, 0.3, 0.1};
    for (int p = 0; p < 3; p++) {
      int[] counts = parts.get(p).classCounts();
      for (int c = 0; c < whole.length; c++) {
        assertEquals(share[p] * whole[c], counts[c], 1.0, "part " + p + ", class " + c);
      }
    }
    List<Split> again = StratifiedSplits.of(train, List.of("a", "b", "c"),
        new double[] {0.6, 0.3, 0.1}, 9);
    List<Split> other = StratifiedSplits.of(train, List.of("a", "b", "c"),
        new double[] {0.6, 0.3, 0.1}, 10);
    float[] x = new float[train.shape().size()];
    float[] y = new float[train.shape().size()];
    float[] z = new float[train.shape().size()];
    boolean differs = false;
    for (int i = 0; i < parts.get(1).size(); i++) {
      parts.get(1).copyImage(i, x, 0);
      again.get(1).copyImage(i, y, 0);
      other.get(1).copyImage(i, z, 0);
      assertArrayEquals(x, y, "the same seed gives the same parts");
      differs |= !java.util.Arrays.equals(x, z);
    }
    assertTrue(differs, "another seed gives other parts");
    IllegalArgumentException tiny = assertThrows(IllegalArgumentException.class,
        () -> StratifiedSplits.of(train, List.of("a", "b"), new double[] {0.9999, 0.0001}, 1));
    assertTrue(tiny.getMessage().contains("no sample of class"), tiny.getMessage());
  }

  @Test
  void badInputIsRefusedNamingTheProblem(@TempDir Path dir) {
    Defense cfpc = PLUGINS.find(Defense.class, "acl-cfpc");
    InvalidOptionException zero = assertThrows(InvalidOptionException.class,
        () -> cfpc.prepare(10, 1, Map.of("code-length", "0"), PLUGINS));
    assertTrue(zero.getMessage().contains("code-length"), zero.getMessage());
    IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
        () -> cfpc.prepare(10, 1, CODES, PLUGINS).stages(TrainingConfig.adamW(1, 1, 1)));
    assertTrue(small.getMessage().contains("at least 2 images"), small.getMessage());
    InvalidOptionException missing = assertThrows(InvalidOptionException.class,
        () -> PLUGINS.find(Defense.class, "acl-tfc")
            .prepare(10, 1, Map.of("codebook", dir.resolve("none").toString()), PLUGINS));
    assertTrue(missing.getMessage().contains("cannot read"), missing.getMessage());
    float[] outputs = {1, 2, 3, 4};
    IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
        () -> cfpc.prepare(3, 1, Map.of("code-length", "2"), PLUGINS)
            .learnCodes(outputs, new int[] {0, 2}));
    assertTrue(absent.getMessage().contains("no sample of class 1"), absent.getMessage());
  }
}
