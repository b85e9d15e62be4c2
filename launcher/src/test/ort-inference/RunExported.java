import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Runs exported whole-model ONNX files on stock ONNX Runtime (Microsoft's inference package
 * {@code com.microsoft.onnxruntime:onnxruntime}, alone on the class path) for ExportCliTest, as a
 * single-file program: {@code java -cp onnxruntime.jar RunExported.java IMAGES N C H W MODEL OUT
 * [MODEL OUT ...]}. IMAGES holds N x C x H x W big-endian floats; each OUT receives, per image in
 * order, big-endian: the class (long), rejected (byte), confidence (float), then the N scores and
 * the member outputs (floats), preceded by the two widths (ints).
 */
public final class RunExported {

  private static final int BATCH = 100;

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[1]);
    long[] shape = {0, Long.parseLong(args[2]), Long.parseLong(args[3]), Long.parseLong(args[4])};
    int size = (int) (shape[1] * shape[2] * shape[3]);
    float[] images = new float[n * size];
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(
        new FileInputStream(args[0])))) {
      for (int i = 0; i < images.length; i++) {
        images[i] = in.readFloat();
      }
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    for (int a = 5; a + 1 < args.length; a += 2) {
      try (OrtSession session = env.createSession(args[a], new OrtSession.SessionOptions());
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
              new FileOutputStream(args[a + 1])))) {
        String input = session.getInputNames().iterator().next();
        boolean widths = false;
        for (int start = 0; start < n; start += BATCH) {
          int count = Math.min(BATCH, n - start);
          shape[0] = count;
          try (OnnxTensor x = OnnxTensor.createTensor(
                  env, FloatBuffer.wrap(images, start * size, count * size), shape);
              OrtSession.Result result = session.run(Map.of(input, x))) {
            long[] decided = (long[]) result.get("class").orElseThrow().getValue();
            boolean[] rejected = (boolean[]) result.get("rejected").orElseThrow().getValue();
            float[] confidence = (float[]) result.get("confidence").orElseThrow().getValue();
            float[][] scores = (float[][]) result.get("scores").orElseThrow().getValue();
            float[][] members =
                (float[][]) result.get("member_outputs").orElseThrow().getValue();
            if (!widths) {
              out.writeInt(scores[0].length);
              out.writeInt(members[0].length);
              widths = true;
            }
            for (int i = 0; i < count; i++) {
              out.writeLong(decided[i]);
              out.writeByte(rejected[i] ? 1 : 0);
              out.writeFloat(confidence[i]);
              for (float s : scores[i]) {
                out.writeFloat(s);
              }
              for (float o : members[i]) {
                out.writeFloat(o);
              }
            }
          }
        }
      }
    }
  }
}
