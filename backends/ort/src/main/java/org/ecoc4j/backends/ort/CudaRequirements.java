package org.ecoc4j.backends.ort;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What ONNX Runtime's CUDA provider needs before a session may ask for it, checked in Java so that
 * a missing piece is a clear error rather than a failure inside native code: the {@code -gpu}
 * natives of {@code org.bytedeco:onnxruntime} on the class path (the {@code cuda} Maven profile;
 * JavaCPP loads them in preference to the CPU natives when both are there) and the CUDA 13 and
 * cuDNN 9 libraries in a library folder of the machine.
 */
final class CudaRequirements {

  /** The shared libraries the CUDA provider of ONNX Runtime 1.24 links against. */
  static final List<String> CUDA_LIBRARIES =
      List.of(
          "libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcufft.so.12",
          "libcudnn.so.9");

  private static final String GPU_NATIVES =
      "org/bytedeco/onnxruntime/linux-x86_64-gpu/libonnxruntime_providers_cuda.so";

  private CudaRequirements() {}

  /** Every missing requirement, described; empty when the CUDA provider can be asked for. */
  static List<String> missing() {
    List<String> missing = new ArrayList<>();
    if (CudaRequirements.class.getClassLoader().getResource(GPU_NATIVES) == null) {
      missing.add(
          "the GPU natives (org.bytedeco:onnxruntime:1.24.1-1.5.13, classifier"
              + " linux-x86_64-gpu; build with the Maven profile 'cuda': -Pcuda)");
    }
    List<String> libraries = missingLibraries(libraryFolders());
    if (!libraries.isEmpty()) {
      missing.add("the CUDA libraries " + String.join(", ", libraries)
          + " (searched LD_LIBRARY_PATH, /usr/local/cuda/lib64 and the system library folders)");
    }
    return missing;
  }

  /** The libraries of {@link #CUDA_LIBRARIES} found in none of {@code folders}. */
  static List<String> missingLibraries(Set<Path> folders) {
    List<String> missing = new ArrayList<>();
    for (String library : CUDA_LIBRARIES) {
      if (folders.stream().noneMatch(folder -> Files.exists(folder.resolve(library)))) {
        missing.add(library);
      }
    }
    return missing;
  }

  private static Set<Path> libraryFolders() {
    Set<Path> folders = new LinkedHashSet<>();
    String path = System.getenv("LD_LIBRARY_PATH");
    if (path != null) {
      for (String entry : path.split(":")) {
        if (!entry.isBlank()) {
          folders.add(Path.of(entry));
        }
      }
    }
    for (String folder :
        new String[] {
          "/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib",
          "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu"
        }) {
      folders.add(Path.of(folder));
    }
    return folders;
  }
}
