package org.ecoc4j.api.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleReference;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The one way ecoc4j reads versions, for plugin listings and provenance: the version of the
 * module a class lives in, from the module descriptor, else the {@code Implementation-Version} of
 * the jar (or class folder) manifest.
 */
public final class ModuleVersions {

  /** What {@link #text} says when neither the descriptor nor a manifest has a version. */
  public static final String UNKNOWN = "unknown";

  private ModuleVersions() {}

  /** The version of the module {@code type} lives in, or {@value #UNKNOWN}. */
  public static String text(Class<?> type) {
    return of(type.getModule()).orElse(UNKNOWN);
  }

  /** The version of {@code module}, if its descriptor or manifest has one. */
  public static Optional<String> of(Module module) {
    if (!module.isNamed() || module.getLayer() == null) {
      return Optional.empty();
    }
    Optional<String> declared = module.getDescriptor().rawVersion();
    if (declared.isPresent()) {
      return declared;
    }
    return module.getLayer().configuration().findModule(module.getName())
        .map(ResolvedModule::reference)
        .flatMap(ModuleReference::location)
        .flatMap(ModuleVersions::manifestVersion);
  }

  private static Optional<String> manifestVersion(URI location) {
    if (!"file".equals(location.getScheme())) {
      return Optional.empty();
    }
    Path path = Path.of(location);
    try {
      if (Files.isDirectory(path)) {
        Path manifest = path.resolve(JarFile.MANIFEST_NAME);
        if (!Files.isRegularFile(manifest)) {
          return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(manifest)) {
          return implementationVersion(new Manifest(in));
        }
      }
      try (JarFile jar = new JarFile(path.toFile())) {
        return implementationVersion(jar.getManifest());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifest of " + path, e);
    }
  }

  private static Optional<String> implementationVersion(Manifest manifest) {
    if (manifest == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        manifest.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION));
  }
}
