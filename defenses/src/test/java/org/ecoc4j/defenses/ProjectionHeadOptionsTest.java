package org.ecoc4j.defenses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.training.ProjectionHead;
import org.ecoc4j.api.training.TrainingStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The projection head options of the contrastive pretraining stages ({@code simclr}, {@code
 * acl-pf}, {@code acl-cfpc}): the head sits on the pretraining stage only, shaped as the authors'
 * code by default; {@code head=off} leaves it out; bad shapes are refused naming the option.
 */
class ProjectionHeadOptionsTest {

  private static final TrainingConfig CONFIG = TrainingConfig.adamW(1, 8, 1);

  private static List<TrainingStage> stages(String defense, Map<String, String> options) {
    return Plugins.find(Defense.class, defense).prepare(10, 1, options, Plugins::find)
        .stages(CONFIG);
  }

  @ParameterizedTest
  @ValueSource(strings = {"simclr", "acl-pf", "acl-cfpc"})
  void pretrainingHasTheAuthorsHeadAndTheNextStageNone(String defense) {
    List<TrainingStage> stages = stages(defense, Map.of());
    assertEquals(2, stages.size());
    assertEquals(Optional.of(new ProjectionHead(2048, 128, ProjectionHead.Activation.RELU)),
        stages.get(0).head());
    assertTrue(stages.get(0).loss().toString().contains("on the projection head"),
        stages.get(0).loss().toString());
    assertEquals(Optional.empty(), stages.get(1).head());
    assertEquals(TrainingStage.Start.PREVIOUS_WEIGHTS, stages.get(1).start());
  }

  @ParameterizedTest
  @ValueSource(strings = {"simclr", "acl-pf", "acl-cfpc"})
  void theHeadIsShapedByItsOptionsOrLeftOut(String defense) {
    assertEquals(Optional.of(new ProjectionHead(16, 8, ProjectionHead.Activation.IDENTITY)),
        stages(defense, Map.of("head-width", "16", "head-outputs", "8",
            "head-activation", "identity")).get(0).head());
    TrainingStage off = stages(defense, Map.of("head", "off")).get(0);
    assertEquals(Optional.empty(), off.head());
    assertTrue(!off.loss().toString().contains("projection"), off.loss().toString());
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(Map.of("head-width", "0"), "head-width", "at least 1"),
        Arguments.of(Map.of("head-outputs", "-3"), "head-outputs", "at least 1"),
        Arguments.of(Map.of("head", "off", "head-width", "64"), "head-width", "head=off"),
        Arguments.of(Map.of("head", "off", "head-activation", "relu"), "head-activation",
            "head=off"));
  }

  @ParameterizedTest
  @MethodSource("badOptions")
  void badHeadOptionsAreRefusedNamingTheOption(
      Map<String, String> options, String option, String says) {
    for (String defense : List.of("simclr", "acl-pf", "acl-cfpc")) {
      InvalidOptionException e = assertThrows(InvalidOptionException.class,
          () -> stages(defense, options));
      assertEquals(option, e.option(), defense);
      assertTrue(e.getMessage().contains(says), e.getMessage());
    }
  }

  @Test
  void anUnknownActivationOrHeadValueIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> stages("acl-cfpc", Map.of("head-activation", "tanh")));
    assertThrows(IllegalArgumentException.class,
        () -> stages("simclr", Map.of("head", "maybe")));
  }

  @Test
  void aHeadOfWidthZeroIsRefusedByTheApi() {
    IllegalArgumentException hidden = assertThrows(IllegalArgumentException.class,
        () -> new ProjectionHead(0, 128, ProjectionHead.Activation.RELU));
    assertTrue(hidden.getMessage().contains("hidden width"), hidden.getMessage());
    IllegalArgumentException outputs = assertThrows(IllegalArgumentException.class,
        () -> new ProjectionHead(16, 0, ProjectionHead.Activation.RELU));
    assertTrue(outputs.getMessage().contains("output width"), outputs.getMessage());
    IllegalArgumentException named = assertThrows(IllegalArgumentException.class,
        () -> ProjectionHead.Activation.named("gelu"));
    assertTrue(named.getMessage().contains("relu or identity"), named.getMessage());
  }
}
