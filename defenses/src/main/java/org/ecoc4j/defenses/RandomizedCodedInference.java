package org.ecoc4j.defenses;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.symbolic.BlockMixing;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.TermLoss;
import org.ecoc4j.api.symbolic.Terms;

/**
 * Coded-smoothing's randomized coded inference (RCI) around the trained plain network {@code f}:
 * a batch of images is permuted at random, cut into groups of {@code K} (the last group filled up
 * with the permuted batch's first images again, whose outputs are not used), each group coded
 * into {@code N} images by the encoder, run through {@code f}, and decoded: the output for the
 * image at place {@code j} of a group is row {@code j} of {@code D f(E x_group)}. The prediction
 * for an image therefore depends on the batch it comes in and on the permutation drawn; every
 * call ({@link #scores}, and every query of its gradient oracles) draws a fresh permutation from
 * a seeded stream, so a run is repeatable and the attacker, who knows the encoder and the
 * decoder, does not know the draw.
 *
 * <p>The gradient oracles run {@code f}'s objective on the decoded outputs ({@link
 * DecodedTerms}), one group of {@code N} coded images per backend query. Within a group the
 * losses are coupled: the gradient given for an image is the gradient of the sum of its group's
 * losses with respect to it (what a batched attack follows), and that of a filler copy is left
 * out. Checkpoints and the exported ONNX model are the plain network's: the coding runs here, in
 * Java, around it.
 *
 * <p>Around one block instead (option {@code block}): each permuted group of {@code K} images
 * runs through the plain network's weights in a graph that encodes the activations entering the
 * block and decodes the block's outputs ({@link TrainedNetwork#aroundBlock}), so the group's
 * {@code K} rows are the outputs of its decoded activations; the gradient oracles are that
 * graph's, whose gradient reaches the {@code K} images through both mixings, with the objective
 * on those rows and the same permutations, fillers and coupling as above.
 */
final class RandomizedCodedInference implements TrainedNetwork {

  private final TrainedNetwork plain;
  private final CodedSmoothingCode code;
  private final TermLoss trainingLoss;
  private final IntFunction<int[]> permutations;
  /** The network mixed around the coded block; null when the whole network is coded. */
  private final TrainedNetwork aroundBlock;

  /**
   * RCI around {@code plain}, with permutations drawn from {@code permutations} (given a batch
   * size n, a permutation of 0..n-1).
   *
   * @param trainingLoss the plain network's training loss, written with terms
   */
  RandomizedCodedInference(
      TrainedNetwork plain, CodedSmoothingCode code, TermLoss trainingLoss,
      IntFunction<int[]> permutations) {
    this(plain, code, trainingLoss, permutations, Optional.empty());
  }

  /**
   * RCI around {@code plain}, coding around the block {@code block} names, or the whole network.
   *
   * @throws IllegalArgumentException for a block {@code plain}'s architecture does not declare
   * @throws UnsupportedOperationException for a network that cannot be run mixed around a block
   */
  RandomizedCodedInference(
      TrainedNetwork plain, CodedSmoothingCode code, TermLoss trainingLoss,
      IntFunction<int[]> permutations, Optional<String> block) {
    this.plain = plain;
    this.code = code;
    this.trainingLoss = trainingLoss;
    this.permutations = permutations;
    this.aroundBlock = block.map(name -> plain.aroundBlock(
        new BlockMixing(name, code.encoderMixing(), code.decoderMixing()))).orElse(null);
  }

  /** Uniform random permutations (Fisher-Yates) from the stream of {@code seed}. */
  static IntFunction<int[]> seededPermutations(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return n -> {
      int[] p = new int[n];
      for (int i = 0; i < n; i++) {
        p[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      return p;
    };
  }

  @Override
  public ModelSpec spec() {
    return plain.spec();
  }

  @Override
  public List<EpochSummary> history() {
    return plain.history();
  }

  @Override
  public float[] scores(float[] images, int count) {
    int size = plain.spec().input().size();
    if (count < 1 || images.length != (long) count * size) {
      throw new IllegalArgumentException(
          "RCI scores " + count + " images of " + size + " floats, got " + images.length
              + " floats");
    }
    int width = plain.spec().outputWidth();
    float[] out = new float[count * width];
    int[] places = places(count);
    int k = code.samples();
    for (int g = 0; g < places.length / k; g++) {
      float[] decoded = aroundBlock != null
          ? aroundBlock.scores(gather(images, places, g, size), k)
          : decode(plain.scores(encode(images, places, g, size), code.coded()), width);
      for (int j = 0; j < k; j++) {
        if (g * k + j < count) {
          System.arraycopy(decoded, j * width, out, places[g * k + j] * width, width);
        }
      }
    }
    return out;
  }

  /**
   * The images at each place of the groups: a permutation of the batch, filled up to a multiple
   * of K with its first images again.
   */
  private int[] places(int count) {
    int k = code.samples();
    int[] permutation = permutations.apply(count);
    int[] places = new int[(count + k - 1) / k * k];
    for (int p = 0; p < places.length; p++) {
      places[p] = permutation[p % count];
    }
    return places;
  }

  /** The images at the places of group {@code group}, in place order. */
  private float[] gather(float[] images, int[] places, int group, int size) {
    int k = code.samples();
    float[] gathered = new float[k * size];
    for (int j = 0; j < k; j++) {
      System.arraycopy(images, places[group * k + j] * size, gathered, j * size, size);
    }
    return gathered;
  }

  private float[] encode(float[] images, int[] places, int group, int size) {
    double[][] e = code.encoder();
    int k = code.samples();
    float[] coded = new float[code.coded() * size];
    for (int i = 0; i < code.coded(); i++) {
      for (int j = 0; j < k; j++) {
        float w = (float) e[i][j];
        int from = places[group * k + j] * size;
        for (int p = 0; p < size; p++) {
          coded[i * size + p] += w * images[from + p];
        }
      }
    }
    return coded;
  }

  private float[] decode(float[] outputs, int width) {
    double[][] d = code.decoder();
    float[] decoded = new float[code.samples() * width];
    for (int j = 0; j < code.samples(); j++) {
      for (int i = 0; i < code.coded(); i++) {
        float w = (float) d[j][i];
        for (int c = 0; c < width; c++) {
          decoded[j * width + c] += w * outputs[i * width + c];
        }
      }
    }
    return decoded;
  }

  @Override
  public GradientOracle gradientOracle(int maxBatch) {
    return gradientOracle(maxBatch, new TrainingLossObjective());
  }

  @Override
  public GradientOracle gradientOracle(int maxBatch, Objective objective) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be positive, got " + maxBatch);
    }
    GradientOracle group = aroundBlock != null
        ? aroundBlock.gradientOracle(code.samples(), new DecodedObjective(objective))
        : plain.gradientOracle(code.coded(), new DecodedObjective(objective));
    return new CodedOracle(group, maxBatch);
  }

  @Override
  public void exportInference(Path file) {
    plain.exportInference(file);
  }

  @Override
  public void saveCheckpoint(Path file) {
    plain.saveCheckpoint(file);
  }

  @Override
  public void close() {
    try {
      if (aroundBlock != null) {
        aroundBlock.close();
      }
    } finally {
      plain.close();
    }
  }

  /** The plain network's training loss, as an objective. */
  private record TrainingLossObjective() implements Objective {
    @Override
    public String name() {
      return "loss";
    }

    @Override
    public String description() {
      return "the training loss";
    }

    @Override
    public List<OptionSpec> options() {
      return List.of();
    }

    @Override
    public Term loss(Terms terms) {
      return terms.trainingLoss();
    }
  }

  /**
   * An objective on one group's decoded outputs: coding the whole network, its K values in the
   * first of N rows; around a block, the K rows of the mixed network, with the base's loss.
   */
  private final class DecodedObjective implements Objective {
    private final Objective objective;

    DecodedObjective(Objective objective) {
      this.objective = objective;
    }

    @Override
    public String name() {
      return "rci-" + objective.name();
    }

    @Override
    public String description() {
      return objective.description() + ", on coded-smoothing's decoded outputs";
    }

    @Override
    public List<OptionSpec> options() {
      return objective.options();
    }

    @Override
    public Term loss(Terms terms) {
      if (aroundBlock != null) {
        int k = code.samples();
        return objective.loss(new DecodedTerms(terms, DecodedTerms.firstRows(k, k), trainingLoss));
      }
      Term decoded = objective.loss(new DecodedTerms(terms, code, trainingLoss));
      BatchMixing pad = DecodedTerms.padRows(code.samples(), code.coded());
      return terms.mixRows(pad, decoded);
    }
  }

  /** A gradient oracle of the decoded objective over freshly permuted groups. */
  private final class CodedOracle implements GradientOracle {
    private final GradientOracle group;
    private final int maxBatch;

    CodedOracle(GradientOracle group, int maxBatch) {
      this.group = group;
      this.maxBatch = maxBatch;
    }

    @Override
    public ImageShape inputShape() {
      return group.inputShape();
    }

    @Override
    public int maxBatch() {
      return maxBatch;
    }

    @Override
    public void lossAndGradient(
        float[] images, int[] labels, float[] lossesOut, float[] gradientOut) {
      run(images, labels, lossesOut, gradientOut);
    }

    @Override
    public void losses(float[] images, int[] labels, float[] lossesOut) {
      run(images, labels, lossesOut, null);
    }

    private void run(float[] images, int[] labels, float[] lossesOut, float[] gradientOut) {
      int count = labels.length;
      int size = inputShape().size();
      if (count < 1 || count > maxBatch || images.length != (long) count * size) {
        throw new IllegalArgumentException(
            "RCI oracle: " + count + " labels and " + images.length + " floats of images of "
                + size + " (at most " + maxBatch + " samples)");
      }
      int k = code.samples();
      int n = code.coded();
      int[] places = places(count);
      int rows = aroundBlock != null ? k : n;
      float[] losses = new float[rows];
      float[] gradient = new float[rows * size];
      int[] codedLabels = new int[rows];
      double[][] e = code.encoder();
      for (int g = 0; g < places.length / k; g++) {
        float[] coded = aroundBlock != null ? gather(images, places, g, size)
            : encode(images, places, g, size);
        for (int j = 0; j < k; j++) {
          codedLabels[j] = labels[places[g * k + j]];
        }
        if (gradientOut == null) {
          group.losses(coded, codedLabels, losses);
        } else {
          group.lossAndGradient(coded, codedLabels, losses, gradient);
        }
        for (int j = 0; j < k && g * k + j < count; j++) {
          int b = places[g * k + j];
          lossesOut[b] = losses[j];
          if (gradientOut != null && aroundBlock != null) {
            System.arraycopy(gradient, j * size, gradientOut, b * size, size);
          } else if (gradientOut != null) {
            for (int p = 0; p < size; p++) {
              float sum = 0;
              for (int i = 0; i < n; i++) {
                sum += (float) e[i][j] * gradient[i * size + p];
              }
              gradientOut[b * size + p] = sum;
            }
          }
        }
      }
    }

    @Override
    public void close() {
      group.close();
    }
  }
}
