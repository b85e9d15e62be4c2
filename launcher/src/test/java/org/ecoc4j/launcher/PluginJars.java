package org.ecoc4j.launcher;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.module.ResolvedModule;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.function.Predicate;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.ecoc4j.api.plugin.Plugin;

/**
 * Builds plugin jars for tests in-process: compiles a source folder with {@link JavaCompiler}
 * against the api module (as a module when the folder has a {@code module-info.java}, else on the
 * class path) and jars the classes with the folder's other files (e.g. {@code META-INF/services}).
 */
final class PluginJars {

  /** The launcher module's folder, where surefire runs the tests. */
  static final Path MODULE_DIR = Path.of("").toAbsolutePath();

  /** Sources of the test plugins. */
  static final Path TEST_PLUGINS = MODULE_DIR.resolve("src/test/plugins");

  /** The example third-party plugin. */
  static final Path EXAMPLE = MODULE_DIR.resolveSibling("examples").resolve("plugin-example");

  private PluginJars() {}

  /** Builds the example plugin's jar (sources and resources of its Maven layout). */
  static Path example(Path folder) {
    return build(
        List.of(EXAMPLE.resolve("src/main/java"), EXAMPLE.resolve("src/main/resources")),
        folder.resolve("ecoc4j-plugin-example.jar"),
        "0.1.0-SNAPSHOT");
  }

  /**
   * Builds the test plugin in {@code src/test/plugins/<name>} into {@code folder/<name>.jar},
   * compiled against the api and {@code modulePath}.
   */
  static Path testPlugin(String name, Path folder, Path... modulePath) {
    return build(
        List.of(TEST_PLUGINS.resolve(name)), folder.resolve(name + ".jar"), "1.0." + name.length(),
        modulePath);
  }

  /**
   * Compiles every {@code .java} file under {@code roots} and jars the classes with the other
   * files; the manifest carries {@code Implementation-Version: version}, and explicit modules get
   * it as module version too.
   */
  static Path build(List<Path> roots, Path jar, String version, Path... modulePath) {
    try {
      Files.createDirectories(jar.getParent());
      Path classes = Files.createTempDirectory(jar.getParent(), "classes-");
      List<Path> sources = new ArrayList<>();
      for (Path root : roots) {
        try (Stream<Path> files = Files.walk(root)) {
          files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
        }
      }
      boolean explicit = sources.stream().anyMatch(p -> p.endsWith("module-info.java"));
      List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17"));
      args.addAll(
          explicit
              ? List.of("--module-path", path(modulePath), "--module-version", version)
              : List.of("-classpath", apiLocation().toString()));
      sources.forEach(p -> args.add(p.toString()));
      JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
      ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
      if (compiler.run(null, diagnostics, diagnostics, args.toArray(new String[0])) != 0) {
        throw new IllegalStateException("compiling " + roots + " failed:\n" + diagnostics);
      }
      Manifest manifest = new Manifest();
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
      try (OutputStream file = Files.newOutputStream(jar);
          JarOutputStream out = new JarOutputStream(file, manifest)) {
        add(out, classes, p -> true);
        for (Path root : roots) {
          add(out, root, p -> !p.toString().endsWith(".java"));
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void add(JarOutputStream out, Path root, Predicate<Path> keep)
      throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).filter(keep).sorted().toList();
    }
    for (Path file : files) {
      out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
      out.write(Files.readAllBytes(file));
      out.closeEntry();
    }
  }

  private static String path(Path... more) {
    StringBuilder path = new StringBuilder(apiLocation().toString());
    for (Path p : more) {
      path.append(File.pathSeparator).append(p);
    }
    return path.toString();
  }

  /** Where the api module's classes are: its jar or class folder. */
  static Path apiLocation() {
    return ModuleLayer.boot().configuration().findModule("ecoc4j.api")
        .map(ResolvedModule::reference)
        .flatMap(reference -> reference.location())
        .map(Path::of)
        .orElseGet(PluginJars::apiCodeSource);
  }

  private static Path apiCodeSource() {
    try {
      return Path.of(Plugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
