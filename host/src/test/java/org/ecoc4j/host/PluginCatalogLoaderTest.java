package org.ecoc4j.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host used as a library: a catalog without the launcher, with a broken jar among the jars. */
class PluginCatalogLoaderTest {

  @TempDir Path folder;

  @Test
  void withoutAFolderTheCatalogHasARegistryPerKindAndNoJars() {
    PluginCatalog catalog = new PluginCatalogLoader(ModuleLayer.boot()).load(Optional.empty());
    assertEquals(PluginKinds.ALL.size(), catalog.registries().size());
    assertEquals(List.of(), catalog.loadedJars());
  }

  @Test
  void aJarThatIsNotAZipIsAProblemNamingItAndNotLoaded() throws IOException {
    Path garbage = Files.writeString(folder.resolve("garbage.jar"), "not a zip file");
    Files.writeString(folder.resolve("notes.txt"), "ignored: not a jar");
    PluginCatalog catalog = new PluginCatalogLoader(ModuleLayer.boot()).load(Optional.of(folder));
    assertEquals(1, catalog.problems().size(), catalog.problems()::toString);
    assertTrue(catalog.problems().get(0).message().contains(garbage.toString()),
        catalog.problems()::toString);
    assertEquals(List.of(), catalog.loadedJars());
  }
}
