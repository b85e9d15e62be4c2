package org.ecoc4j.datasets.idx;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import org.ecoc4j.api.data.DatasetException;

/**
 * Where an IDX file's bytes come from: a file or a resource of this module, with the name that
 * error messages show.
 */
public interface IdxSource {

  /** The name shown in error messages: a path or a resource name. */
  String name();

  /**
   * Opens the raw (possibly gzip-compressed) bytes.
   *
   * @throws IOException if the source cannot be opened
   */
  InputStream open() throws IOException;

  /**
   * Reads and validates the IDX array.
   *
   * @throws DatasetException naming the source and the problem
   */
  default IdxArray read(int expectedDimensions) {
    try (InputStream in = open()) {
      return IdxReader.read(in, name(), expectedDimensions);
    } catch (NoSuchFileException e) {
      throw new DatasetException(name(), "file not found", e);
    } catch (IOException e) {
      throw new DatasetException(name(), "cannot read: " + e.getMessage(), e);
    }
  }

  /** The file at {@code path}. */
  static IdxSource file(Path path) {
    Objects.requireNonNull(path, "path");
    return new IdxSource() {
      @Override
      public String name() {
        return path.toString();
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(path);
      }
    };
  }

  /** The resource {@code name} of the module of {@code owner}, read with its own class. */
  static IdxSource resource(Class<?> owner, String name) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(name, "name");
    return new IdxSource() {
      @Override
      public String name() {
        return "resource " + name;
      }

      @Override
      public InputStream open() throws IOException {
        InputStream in = owner.getResourceAsStream(name);
        if (in == null) {
          throw new NoSuchFileException(name);
        }
        return in;
      }
    };
  }
}
