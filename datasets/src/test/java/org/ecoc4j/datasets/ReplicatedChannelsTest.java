package org.ecoc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.junit.jupiter.api.Test;

/**
 * The bundled Fashion-MNIST sample with {@code channels=3}: every image is its grey image three
 * times over, with the same labels, order, subset and augmentation choice as with one channel.
 */
class ReplicatedChannelsTest {

  private final FashionMnistProvider provider = new FashionMnistProvider();

  @Test
  void threeChannelsAreThreeCopiesOfTheGreyImage() {
    Dataset grey = provider.open(Map.of("subset", "0.1"));
    Dataset colour = provider.open(Map.of("subset", "0.1", "channels", "3"));
    assertEquals(new ImageShape(3, 28, 28), colour.shape());
    for (Split[] pair : new Split[][] {
        {grey.train(), colour.train()}, {grey.test(), colour.test()}}) {
      Split one = pair[0];
      Split three = pair[1];
      assertEquals(one.size(), three.size());
      assertEquals(new ImageShape(3, 28, 28), three.shape());
      float[] plane = new float[784];
      float[] image = new float[3 * 784 + 5];
      Arrays.fill(image, -7f);
      for (int i = 0; i < one.size(); i += 37) {
        assertEquals(one.label(i), three.label(i), "label " + i);
        one.copyImage(i, plane, 0);
        three.copyImage(i, image, 5);
        for (int c = 0; c < 3; c++) {
          assertArrayEquals(plane, Arrays.copyOfRange(image, 5 + c * 784, 5 + (c + 1) * 784),
              "image " + i + ", channel " + c);
        }
        assertEquals(-7f, image[4], "nothing before the offset is written");
      }
    }
    assertEquals(grey.trainingAugmentation(), colour.trainingAugmentation());
  }

  @Test
  void oneChannelIsTheDefaultAndOtherCountsAreRefusedByName() {
    assertEquals(new ImageShape(1, 28, 28), provider.open(Map.of("channels", "1")).shape());
    InvalidOptionException e = assertThrows(InvalidOptionException.class,
        () -> provider.open(Map.of("channels", "2")));
    assertTrue(e.getMessage().contains("channels"), e.getMessage());
  }

  @Test
  void onlyOneChannelImagesAreReplicated() {
    Split rgb = Split.inMemory("rgb", new ImageShape(3, 2, 2), 2, new float[12], new int[] {1});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ReplicatedChannelsSplit(rgb));
    assertTrue(e.getMessage().contains("'rgb'") && e.getMessage().contains("one-channel"),
        e.getMessage());
  }
}
