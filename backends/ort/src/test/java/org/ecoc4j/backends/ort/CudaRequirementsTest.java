package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CUDA check names exactly the libraries no folder holds. */
class CudaRequirementsTest {

  @Test
  void namesTheLibrariesNoFolderHolds(@TempDir Path dir) throws Exception {
    Path a = Files.createDirectory(dir.resolve("a"));
    Path b = Files.createDirectory(dir.resolve("b"));
    assertEquals(CudaRequirements.CUDA_LIBRARIES, CudaRequirements.missingLibraries(Set.of(a, b)));
    Files.createFile(a.resolve("libcudart.so.13"));
    Files.createFile(b.resolve("libcudnn.so.9"));
    assertEquals(List.of("libcublas.so.13", "libcublasLt.so.13", "libcufft.so.12"),
        CudaRequirements.missingLibraries(Set.of(a, b)));
  }

  @Test
  void theErrorSaysWhatIsMissing() {
    List<String> missing = CudaRequirements.missing();
    assertEquals(missing.isEmpty(), OrtDevice.CUDA.isAvailable());
    if (!missing.isEmpty()) {
      try {
        OrtDevice.CUDA.requireAvailable();
        throw new AssertionError("cuda must be refused");
      } catch (UnsupportedOperationException e) {
        for (String m : missing) {
          assertTrue(e.getMessage().contains(m), e.getMessage());
        }
      }
    }
  }
}
