package org.ecoc4j.store;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.evaluation.ImageConversion;
import org.ecoc4j.evaluation.ImageTransform;
import org.ecoc4j.experiments.ModelLoader;
import org.ecoc4j.experiments.TrainedDefense;
import org.ecoc4j.experiments.TrainingRequest;

/**
 * A trained defense loaded from its model directory for a product to classify with: per image a
 * class (with its name) or a rejection (with its reason), and the deployed decoder's confidence.
 *
 * <pre>{@code
 * try (DefendedModel model = DefendedModel.open(Path.of("model"))) {
 *   List<Classification> out = model.classify(images, count); // C x H x W floats in [0, 1]
 * }
 * }</pre>
 *
 * <p>Opening checks every file against the directory's SHA-256 manifest and refuses a directory
 * without one. The network is rebuilt by its backend from the checkpoint, the defense is prepared
 * again from its recorded options and seed (its codebooks must equal the saved ones), and the
 * model's dataset is opened for its class names.
 *
 * <p>Thread safety: one instance may be shared by any number of threads. The network and the
 * decoder (neither thread-safe) are shared by all callers and used under one lock, so concurrent
 * batches run one after the other on the network; the conversion of images to floats runs in the
 * caller's thread, outside the lock. Results do not depend on how calls interleave. {@link
 * #close()} waits for a running batch; a call after it fails.
 */
public final class DefendedModel implements AutoCloseable {

  /** The most images fed to the network at once; larger calls are split. */
  public static final int BATCH = 256;

  private final Path folder;
  private final TrainedDefense loaded;
  private final List<String> classNames;
  private final Object lock = new Object();
  private final Decisions decisions = Decisions.withCapacity(BATCH);
  private boolean closed;

  private DefendedModel(Path folder, TrainedDefense loaded) {
    this.folder = folder;
    this.loaded = loaded;
    this.classNames = List.copyOf(loaded.dataset().classNames());
  }

  /** Opens {@code folder} with the built-in plugins and the recorded options. */
  public static DefendedModel open(Path folder) {
    return open(folder, LoadOptions.defaults());
  }

  /**
   * Opens a model directory written by {@code ecoc4j train} (or {@link DefenseModelFiles}).
   *
   * @throws InputFileException naming the file that is missing, altered (its SHA-256 differs
   *     from the manifest's) or malformed, or when the directory has no manifest
   * @throws IllegalArgumentException when a plugin it needs is unknown or the checkpoint does
   *     not hold the model
   */
  public static DefendedModel open(Path folder, LoadOptions options) {
    SavedModel saved = ModelDirectory.read(folder);
    if (!saved.verified()) {
      throw new InputFileException("model directory " + folder + " has no "
          + ModelManifest.FILE + " (written by an older ecoc4j): its files cannot be checked;"
          + " train it again to embed it");
    }
    Map<String, String> datasetOptions =
        new LinkedHashMap<>(saved.description().dataset().options());
    datasetOptions.putAll(options.datasetOptions());
    TrainingRequest recorded = DefenseModelFiles.request(saved);
    Map<String, String> backendOptions = new LinkedHashMap<>(recorded.backendOptions());
    backendOptions.putAll(options.backendOptions());
    TrainedDefense loaded = new ModelLoader(options.plugins()).load(
        recorded.withBackend(recorded.backend(), backendOptions),
        saved.description().dataset().name(), datasetOptions, saved.codebooks(),
        DefenseModelFiles.codeTables(saved), saved.checkpoint());
    try {
      SavedModelAgreement.require(saved, loaded);
    } catch (RuntimeException e) {
      loaded.close();
      throw e;
    }
    return new DefendedModel(folder, loaded);
  }

  /** The model directory. */
  public Path folder() {
    return folder;
  }

  /** The shape of the images the network takes. */
  public ImageShape inputShape() {
    return loaded.network().spec().input();
  }

  /** The class names, by class index. */
  public List<String> classNames() {
    return classNames;
  }

  /** The deployed decoder's name. */
  public String decoder() {
    return loaded.design().decoder();
  }

  /**
   * Classifies {@code count} images laid out as the network takes them: {@link #inputShape()}
   * floats each (channels x height x width, row-major), in [0, 1] like the training data.
   *
   * @throws IllegalArgumentException when {@code images} does not hold {@code count} images of
   *     the input shape, or a pixel is not finite (naming the image)
   * @throws IllegalStateException after {@link #close()}
   */
  public List<Classification> classify(float[] images, int count) {
    ImageShape shape = inputShape();
    if (count < 0 || images.length != (long) count * shape.size()) {
      throw new IllegalArgumentException("images hold " + images.length + " floats, " + count
          + " images of " + shape + " need " + (long) count * shape.size());
    }
    for (int i = 0; i < images.length; i++) {
      if (!Float.isFinite(images[i])) {
        throw new IllegalArgumentException("pixel " + i % shape.size() + " of image "
            + i / shape.size() + " is " + images[i]);
      }
    }
    List<Classification> out = new ArrayList<>(count);
    for (int from = 0; from < count; from += BATCH) {
      int size = Math.min(BATCH, count - from);
      float[] batch = new float[size * shape.size()];
      System.arraycopy(images, from * shape.size(), batch, 0, batch.length);
      decide(batch, size, out);
    }
    return out;
  }

  /**
   * Classifies pictures, converting each to the input shape by {@code transforms} (in order; see
   * {@link ImageTransform}), which the caller names and should record: without them, a picture
   * of another size or channel count than the network's is refused. Pixels are read as {@link
   * ImagePixels} says.
   *
   * @throws IllegalArgumentException naming the picture (by its index) and both shapes when the
   *     transforms do not convert it to the input shape
   * @throws IllegalStateException after {@link #close()}
   */
  public List<Classification> classify(List<BufferedImage> pictures,
      List<ImageTransform> transforms) {
    ImageShape shape = inputShape();
    float[] images = new float[pictures.size() * shape.size()];
    for (int i = 0; i < pictures.size(); i++) {
      BufferedImage picture = pictures.get(i);
      conversion(ImagePixels.shapeOf(picture), transforms, "pixels of picture " + i)
          .convert(ImagePixels.of(picture), 0, images, i * shape.size());
    }
    return classify(images, pictures.size());
  }

  /**
   * The conversion of images of shape {@code from} to the input shape by {@code transforms}.
   *
   * @param what the images, for the message
   * @throws IllegalArgumentException when the transforms do not convert {@code from} to the input
   *     shape, naming {@code what} and both shapes
   */
  public ImageConversion conversion(ImageShape from, List<ImageTransform> transforms,
      String what) {
    return ImageConversion.of(from, inputShape(), transforms, what);
  }

  private void decide(float[] batch, int size, List<Classification> out) {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("model " + folder + " is closed");
      }
      float[] scores = loaded.network().scores(batch, size);
      loaded.decoder().decode(scores, 0, size, decisions);
      for (int i = 0; i < size; i++) {
        int label = decisions.label(i);
        out.add(new Classification(label, decisions.rejected(i) ? null : classNames.get(label),
            decisions.confidence(i), decisions.rejection(i)));
      }
    }
  }

  /** Releases the network; waits for a batch in progress. */
  @Override
  public void close() {
    synchronized (lock) {
      if (!closed) {
        closed = true;
        loaded.close();
      }
    }
  }

  @Override
  public String toString() {
    return "DefendedModel[" + folder + ", " + loaded.label() + ", " + inputShape() + "]";
  }
}
