package org.ecoc4j.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version the build wrote into {@code version.properties}, for {@code --version}. */
public final class BuildVersion implements IVersionProvider {

  private static final String RESOURCE = "/org/ecoc4j/launcher/version.properties";

  /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the launcher jar lacks " + RESOURCE + "; rebuild it");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** {@code ecoc4j <version>} and the Java runtime. */
  @Override
  public String[] getVersion() {
    return new String[] {
      "ecoc4j " + version(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
