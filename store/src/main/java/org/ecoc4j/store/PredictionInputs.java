package org.ecoc4j.store;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.ecoc4j.api.data.DatasetException;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.datasets.cifar.CifarBinaryFolder;
import org.ecoc4j.datasets.idx.IdxArray;
import org.ecoc4j.datasets.idx.IdxReader;
import org.ecoc4j.evaluation.ImageConversion;
import org.ecoc4j.evaluation.ImageTransform;

/**
 * The images {@code ecoc4j predict} classifies, converted to a model's input shape by transforms
 * the caller names: a folder of PNG and JPEG pictures (read as {@link ImagePixels} says, in file
 * name order, one file at a time), an IDX images file (N x H x W unsigned bytes) or a CIFAR-10
 * binary batch file ({@code .bin}). Without transforms, images of another shape are refused,
 * naming the file.
 */
public abstract sealed class PredictionInputs {

  /** The picture file endings a folder is searched for, in lower case. */
  public static final List<String> PICTURES = List.of(".png", ".jpg", ".jpeg");

  private final ImageShape target;
  private final List<ImageTransform> transforms;

  private PredictionInputs(ImageShape target, List<ImageTransform> transforms) {
    this.target = target;
    this.transforms = List.copyOf(transforms);
  }

  /**
   * The images at {@code path} for a network that takes {@code target}.
   *
   * @throws InputFileException naming the path when it does not exist, a folder holds no
   *     pictures, or a file is not a readable IDX or CIFAR-10 file
   * @throws IllegalArgumentException naming the file when its images are not {@code target} after
   *     the transforms
   */
  public static PredictionInputs open(
      Path path, ImageShape target, List<ImageTransform> transforms) {
    if (Files.isDirectory(path)) {
      List<Path> files;
      try (Stream<Path> listed = Files.list(path)) {
        files = listed.filter(Files::isRegularFile).filter(PredictionInputs::isPicture)
            .sorted().toList();
      } catch (IOException e) {
        throw new InputFileException("cannot list " + path + ": " + e.getMessage(), e);
      }
      if (files.isEmpty()) {
        throw new InputFileException("folder " + path + " holds no PNG or JPEG pictures ("
            + String.join(", ", PICTURES) + ")");
      }
      return new Pictures(files, target, transforms);
    }
    if (!Files.isRegularFile(path)) {
      throw new InputFileException("images " + path + " do not exist");
    }
    try {
      return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bin")
          ? cifar(path, target, transforms) : idx(path, target, transforms);
    } catch (DatasetException e) {
      throw new InputFileException(e.getMessage(), e);
    }
  }

  /** How many images there are. */
  public abstract int size();

  /** The name of image {@code i} in reports: the file name, or {@code file#index}. */
  public abstract String name(int i);

  /**
   * Writes image {@code i}, converted to the target shape, into {@code into} at {@code offset}.
   *
   * @throws InputFileException naming the file when it cannot be read as a picture
   * @throws IllegalArgumentException naming the file when the transforms do not convert it
   */
  public abstract void copy(int i, float[] into, int offset);

  /** The transforms, in order, as named. */
  public List<ImageTransform> transforms() {
    return transforms;
  }

  ImageConversion conversion(ImageShape from, String what) {
    return ImageConversion.of(from, target, transforms, what);
  }

  private static boolean isPicture(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return PICTURES.stream().anyMatch(name::endsWith);
  }

  /** PNG and JPEG files, each read and converted when it is copied. */
  private static final class Pictures extends PredictionInputs {

    private final List<Path> files;

    Pictures(List<Path> files, ImageShape target, List<ImageTransform> transforms) {
      super(target, transforms);
      this.files = List.copyOf(files);
    }

    @Override
    public int size() {
      return files.size();
    }

    @Override
    public String name(int i) {
      return files.get(i).getFileName().toString();
    }

    @Override
    public void copy(int i, float[] into, int offset) {
      Path file = files.get(i);
      BufferedImage picture;
      try {
        picture = ImageIO.read(file.toFile());
      } catch (IOException e) {
        throw new InputFileException("cannot read picture " + file + ": " + e.getMessage(), e);
      }
      if (picture == null) {
        throw new InputFileException(file + " is not a PNG or JPEG picture this JDK can read");
      }
      conversion(ImagePixels.shapeOf(picture), "pixels of " + file)
          .convert(ImagePixels.of(picture), 0, into, offset);
    }
  }

  /** The records of an IDX or CIFAR-10 file, all of one shape. */
  private static final class Records extends PredictionInputs {

    private final Path file;
    private final ImageShape shape;
    private final int size;
    private final RecordReader reader;
    private final ImageConversion conversion;

    Records(Path file, ImageShape shape, int size, RecordReader reader, ImageShape target,
        List<ImageTransform> transforms) {
      super(target, transforms);
      this.file = file;
      this.shape = shape;
      this.size = size;
      this.reader = reader;
      this.conversion = conversion(shape, "images of " + file);
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public String name(int i) {
      return file.getFileName() + "#" + i;
    }

    @Override
    public void copy(int i, float[] into, int offset) {
      float[] image = new float[shape.size()];
      reader.copy(i, image, 0);
      conversion.convert(image, 0, into, offset);
    }
  }

  /** Reads record {@code index} of a file into {@code into} at {@code offset}. */
  @FunctionalInterface
  private interface RecordReader {
    void copy(int index, float[] into, int offset);
  }

  private static Records cifar(Path file, ImageShape target, List<ImageTransform> transforms) {
    Split split = CifarBinaryFolder.read(file.getFileName().toString(), List.of(file));
    return new Records(file, split.shape(), split.size(), split::copyImage, target, transforms);
  }

  /** The images of an IDX file of N x H x W unsigned bytes, each {@code byte / 255}. */
  private static Records idx(Path file, ImageShape target, List<ImageTransform> transforms) {
    IdxArray array = IdxReader.read(file, 3);
    int[] dims = array.dimensions();
    ImageShape shape = new ImageShape(1, dims[1], dims[2]);
    byte[] values = array.values();
    return new Records(file, shape, dims[0], (index, into, offset) -> {
      for (int p = 0; p < shape.size(); p++) {
        into[offset + p] = (values[index * shape.size() + p] & 0xff) / 255f;
      }
    }, target, transforms);
  }
}
