package org.ecoc4j.backends.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.zoo.Forward;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The zoo's plain networks (no block mixing) are the graphs they were before the architectures
 * marked their blocks: the SHA-256 of each serialized graph (every node with its inputs, outputs
 * and attributes, in order; the parameters as inputs, in order; the scores, the running
 * statistics' next values and the dropout noise inputs), in training and in evaluation, two
 * members, equals the digest recorded from the code before the blocks were marked (commit
 * 3d89af5), except cnn1's and cnn2's training graphs, recorded again at ba83fc1, where dropout's
 * mask became {@code Cast(noise > ratio) * scale} in place of a {@code Where} (the same values).
 * A change of an architecture's graph fails here: when it is meant, record the digest the
 * failure prints and say why in the commit.
 */
class PlainZooGraphsTest {

  static Stream<Arguments> graphs() {
    ImageShape vgg = new ImageShape(1, 23, 23);
    ImageShape small = new ImageShape(3, 8, 8);
    return Stream.of(
        Arguments.of("cnn1", vgg, true,
            "63e7c1147f874f916ebd1b727933c106122113bb651509bffa6c00a239ae3b21"),
        Arguments.of("cnn1", vgg, false,
            "02cb51eb6746d168e2854dacb295c4b6f185bfd0f714663f61456a5819577a40"),
        Arguments.of("cnn2", vgg, true,
            "fa334ae5faf9e12372769a9ffc3ec0f88f8e3eab93d15420af4be6095687bf63"),
        Arguments.of("cnn2", vgg, false,
            "aea2392d9439bfa81d21dac8763ba81ee47cfe4e8f642db0a41af8987080f42c"),
        Arguments.of("resnet32", small, true,
            "5a3574314ef9f9a8a5f80f72216c33398ff33cd0e3151da39acf8fd59fe520e6"),
        Arguments.of("resnet32", small, false,
            "fb3c25e789f67ddd59cf2cbb53ae74020f15c24ccd5e531659b5553054619467"),
        Arguments.of("resnet20v2", small, true,
            "4fedc75f852e851a0c694417117786258bfb76b80243f6d3486c57d0fd7d4161"),
        Arguments.of("resnet20v2", small, false,
            "f559d52c0429650a245a62fcc5970690e817d399850578e28d387d764a4f3d77"),
        Arguments.of("wrn-16-4", small, true,
            "67be06b6024a0ee1362d853d71204c44e56fbae27a41fefa6d18305e48ce570c"),
        Arguments.of("wrn-16-4", small, false,
            "e6330366e9b4924221c9b618dd0d6bd5b6d836dc087a66f2b2752a00f63404d3"),
        Arguments.of("wrn-28-10", small, true,
            "15875d81d52641383f57001308f20c52933e9e8b1c900cfd0ed8adcb82a8f5fd"),
        Arguments.of("wrn-28-10", small, false,
            "c238ff82ab804d19872aff2d1f6830d6d75b80084e44e72ef733cbdca44276e6"),
        Arguments.of("densenet-bc", small, true,
            "f83058218c484b1c1db8e922fd9c74299517ad73e97a8833d0943260b924128d"),
        Arguments.of("densenet-bc", small, false,
            "90d4ca425b15d5558b34b7ddd5393c08ae4fe10e47891b0848121c76274f225b"),
        Arguments.of("lenet", new ImageShape(1, 12, 12), true,
            "2ebe26b38e7901c32c6d6576d197d76fb44b387fc2acae25a6cc6600296ba99e"),
        Arguments.of("lenet", new ImageShape(1, 12, 12), false,
            "2ebe26b38e7901c32c6d6576d197d76fb44b387fc2acae25a6cc6600296ba99e"));
  }

  @ParameterizedTest(name = "{0}, training {2}")
  @MethodSource("graphs")
  void thePlainGraphIsTheRecordedOne(
      String architecture, ImageShape shape, boolean training, String recorded) {
    assertEquals(recorded, digest(architecture, shape, training),
        architecture + (training ? " in training" : " in evaluation"));
  }

  private static String digest(String architecture, ImageShape shape, boolean training) {
    ZooModel model = ModelZoo.create(new ModelSpec(architecture, shape, 3, 2));
    GraphBuilder g = new GraphBuilder();
    g.input("images",
        TensorInfo.floats(4, shape.channels(), shape.height(), shape.width()));
    for (ParameterSpec p : model.parameters()) {
      g.input(p.name(), TensorInfo.floats(p.dims()));
    }
    Forward forward = model.forward(g, "images", training);
    g.output(g.identityNamed(forward.output(), "scores"));
    for (ParameterSpec p : model.parameters()) {
      String next = forward.statisticUpdates().get(p.name());
      if (next != null) {
        g.output(next);
      }
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(g.graph("zoo").toByteArray());
      for (String noise : forward.dropoutNoise()) {
        sha.update(noise.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
