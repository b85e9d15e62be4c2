package org.ecoc4j.backends.onnx.graph;

import java.util.Arrays;

/**
 * Shape inference rules of the operators ecoc4j builds, over dimensions that may be
 * {@link TensorInfo#BATCH} or {@link TensorInfo#UNKNOWN}.
 */
public final class Shapes {

  private Shapes() {}

  /**
   * Numpy-style broadcast of two shapes.
   *
   * @throws IllegalArgumentException when two known sizes other than 1 differ
   */
  public static long[] broadcast(long[] a, long[] b) {
    int rank = Math.max(a.length, b.length);
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da == 1) {
        out[i] = db;
      } else if (db == 1) {
        out[i] = da;
      } else if (da == db) {
        out[i] = da;
      } else if (da < 0 && db > 0) {
        out[i] = db;
      } else if (db < 0 && da > 0) {
        out[i] = da;
      } else if (da < 0 && db < 0) {
        out[i] = TensorInfo.UNKNOWN;
      } else {
        throw new IllegalArgumentException(
            "shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
      }
    }
    return out;
  }

  /**
   * Output size of a sliding window (convolution or pooling) along one axis.
   *
   * @throws IllegalArgumentException when the window does not fit
   */
  public static long windowOutput(long size, long kernel, long stride, long pad, String what) {
    if (size < 0) {
      throw new IllegalArgumentException(what + " must be a known size");
    }
    long out = (size + 2 * pad - kernel) / stride + 1;
    if (size + 2 * pad < kernel || out < 1) {
      throw new IllegalArgumentException(
          what + ": window " + kernel + " does not fit size " + size + " with padding " + pad);
    }
    return out;
  }

  /**
   * Output of {@code Reshape} with ONNX semantics (0 copies, -1 infers).
   *
   * @throws IllegalArgumentException when the element counts cannot match
   */
  public static long[] reshape(long[] in, long[] target) {
    long[] out = new long[target.length];
    int inferred = -1;
    long known = 1;
    for (int i = 0; i < target.length; i++) {
      long t = target[i];
      if (t == 0) {
        if (i >= in.length) {
          throw new IllegalArgumentException("Reshape copies axis " + i + " of rank " + in.length);
        }
        out[i] = in[i];
      } else if (t == -1) {
        if (inferred >= 0) {
          throw new IllegalArgumentException("Reshape target has two -1: " + Arrays.toString(target));
        }
        inferred = i;
        continue;
      } else if (t < 0) {
        throw new IllegalArgumentException("Reshape target " + Arrays.toString(target));
      } else {
        out[i] = t;
      }
      if (out[i] < 0) {
        known = -1;
      } else if (known >= 0) {
        known *= out[i];
      }
    }
    long total = 1;
    boolean staticInput = true;
    for (long d : in) {
      if (d < 0) {
        staticInput = false;
      } else {
        total *= d;
      }
    }
    if (inferred >= 0) {
      if (staticInput && known > 0) {
        if (total % known != 0) {
          throw new IllegalArgumentException(
              "Reshape of " + Arrays.toString(in) + " to " + Arrays.toString(target));
        }
        out[inferred] = total / known;
      } else if (inferred == 0
          && in.length > 0
          && in[0] == TensorInfo.BATCH
          && known > 0
          && tailCount(in) == known) {
        out[0] = TensorInfo.BATCH;
      } else {
        out[inferred] = batchCopiedRest(in, target, out, inferred);
      }
    } else if (staticInput && known >= 0 && known != total) {
      throw new IllegalArgumentException(
          "Reshape of " + Arrays.toString(in) + " to " + Arrays.toString(target)
              + " changes the element count");
    }
    return out;
  }

  /**
   * The -1 entry of a target whose first entry copies the symbolic batch (0) of an input static
   * after its batch: one sample's elements over the other entries' product; else unknown.
   */
  private static long batchCopiedRest(long[] in, long[] target, long[] out, int inferred) {
    long tail = tailCount(in);
    if (target[0] != 0 || in.length == 0 || in[0] != TensorInfo.BATCH || tail < 0) {
      return TensorInfo.UNKNOWN;
    }
    long others = 1;
    for (int i = 1; i < out.length; i++) {
      if (i != inferred) {
        if (out[i] < 0) {
          return TensorInfo.UNKNOWN;
        }
        others *= out[i];
      }
    }
    if (others == 0 || tail % others != 0) {
      throw new IllegalArgumentException(
          "Reshape of " + Arrays.toString(in) + " to " + Arrays.toString(target));
    }
    return tail / others;
  }

  private static long tailCount(long[] in) {
    long n = 1;
    for (int i = 1; i < in.length; i++) {
      if (in[i] < 0) {
        return -1;
      }
      n *= in[i];
    }
    return n;
  }

  /** Output of a reduction over {@code axes} (all axes when empty). */
  public static long[] reduce(long[] in, long[] axes, boolean keepDims) {
    boolean[] reduced = new boolean[in.length];
    if (axes.length == 0) {
      Arrays.fill(reduced, true);
    }
    for (long axis : axes) {
      int a = (int) (axis < 0 ? axis + in.length : axis);
      if (a < 0 || a >= in.length) {
        throw new IllegalArgumentException("axis " + axis + " outside rank " + in.length);
      }
      reduced[a] = true;
    }
    int rank = 0;
    for (int i = 0; i < in.length; i++) {
      rank += keepDims || !reduced[i] ? 1 : 0;
    }
    long[] out = new long[rank];
    int j = 0;
    for (int i = 0; i < in.length; i++) {
      if (reduced[i] && keepDims) {
        out[j++] = 1;
      } else if (!reduced[i]) {
        out[j++] = in[i];
      }
    }
    return out;
  }
}
