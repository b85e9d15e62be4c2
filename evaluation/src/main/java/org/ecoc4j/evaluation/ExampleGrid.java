package org.ecoc4j.evaluation;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.ecoc4j.api.data.ImageShape;

/**
 * Draws kept examples as a PNG grid under a header row naming the columns: one row per sample;
 * the clean image in the first column and each attack's image (largest epsilon) in the next ones.
 * A cell's border is green where the decoder decided the true class, red where it decided another
 * class and grey where it rejected.
 */
final class ExampleGrid {

  static final int SCALE = 3;
  static final int BORDER = 2;
  static final int HEADER = 16;

  private ExampleGrid() {}

  static void write(Path file, ExampleImages examples) throws IOException {
    ImageShape shape = examples.shape();
    List<String> attacks = examples.attacks();
    int columns = 1 + attacks.size();
    int rows = Math.max(1, examples.size());
    int cellWidth = shape.width() * SCALE + 2 * BORDER;
    int cellHeight = shape.height() * SCALE + 2 * BORDER;
    BufferedImage grid = new BufferedImage(
        columns * cellWidth, HEADER + rows * cellHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    for (int c = 0; c < columns; c++) {
      String title = c == 0 ? "clean" : attacks.get(c - 1);
      g.setClip(c * cellWidth, 0, cellWidth, HEADER);
      g.drawString(title, c * cellWidth + BORDER, HEADER - 4);
    }
    g.dispose();
    int[] labels = examples.labels();
    for (int r = 0; r < examples.size(); r++) {
      draw(grid, examples.clean(), r, 0, shape, examples.cleanDecisions()[r], labels[r]);
      for (int a = 0; a < attacks.size(); a++) {
        String attack = attacks.get(a);
        draw(grid, examples.adversarial(attack), r, a + 1, shape,
            examples.adversarialDecisions(attack)[r], labels[r]);
      }
    }
    ImageIO.write(grid, "png", file.toFile());
  }

  private static void draw(BufferedImage grid, float[] images, int row, int column,
      ImageShape shape, int decision, int label) {
    int cellWidth = shape.width() * SCALE + 2 * BORDER;
    int cellHeight = shape.height() * SCALE + 2 * BORDER;
    int left = column * cellWidth;
    int top = HEADER + row * cellHeight;
    Color frame = decision < 0 ? Color.GRAY : decision == label ? Color.GREEN : Color.RED;
    for (int y = 0; y < cellHeight; y++) {
      for (int x = 0; x < cellWidth; x++) {
        grid.setRGB(left + x, top + y, frame.getRGB());
      }
    }
    int plane = shape.height() * shape.width();
    int base = row * shape.size();
    for (int y = 0; y < shape.height(); y++) {
      for (int x = 0; x < shape.width(); x++) {
        int[] rgb = new int[3];
        for (int c = 0; c < 3; c++) {
          int channel = shape.channels() == 1 ? 0 : Math.min(c, shape.channels() - 1);
          float v = images[base + channel * plane + y * shape.width() + x];
          rgb[c] = Math.round(255 * Math.max(0f, Math.min(1f, v)));
        }
        int pixel = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
        for (int dy = 0; dy < SCALE; dy++) {
          for (int dx = 0; dx < SCALE; dx++) {
            grid.setRGB(left + BORDER + x * SCALE + dx, top + BORDER + y * SCALE + dy, pixel);
          }
        }
      }
    }
  }
}
