package org.ecoc4j.examples.embedding;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.ecoc4j.evaluation.ImageTransform;
import org.ecoc4j.store.Classification;
import org.ecoc4j.store.DefendedModel;

/**
 * Classifies pictures with a model directory written by {@code ecoc4j train}:
 * {@code ClassifyPictures MODEL_DIR [--grayscale] PICTURE...} prints one line per picture, its
 * class name or its rejection with the reason, and the confidence.
 */
public final class ClassifyPictures {

  private ClassifyPictures() {}

  /** Runs the example; exits 2 on a usage error. */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: ClassifyPictures MODEL_DIR [--grayscale] PICTURE...");
      System.exit(2);
    }
    List<ImageTransform> transforms = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--grayscale")) {
        transforms.add(ImageTransform.GRAYSCALE); // recorded: the product names its conversion
      } else {
        files.add(Path.of(args[i]));
      }
    }
    List<BufferedImage> pictures = new ArrayList<>();
    for (Path file : files) {
      BufferedImage picture = ImageIO.read(file.toFile());
      if (picture == null) {
        System.err.println(file + " is not a picture this JDK can read");
        System.exit(1);
      }
      pictures.add(picture);
    }
    // Opening checks every file of the directory against its SHA-256 manifest.
    try (DefendedModel model = DefendedModel.open(Path.of(args[0]))) {
      List<Classification> decided = model.classify(pictures, transforms);
      for (int i = 0; i < files.size(); i++) {
        Classification c = decided.get(i);
        System.out.println(files.get(i).getFileName() + ": "
            + (c.rejected() ? "rejected (" + c.reasonLabel() + ")" : c.className())
            + String.format(Locale.ROOT, " %.4f", c.confidence()));
      }
    }
  }
}
