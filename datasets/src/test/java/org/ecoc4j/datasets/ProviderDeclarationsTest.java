package org.ecoc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.data.DatasetProvider;
import org.junit.jupiter.api.Test;

/** The providers are declared both in module-info and in META-INF/services, with unique names. */
class ProviderDeclarationsTest {

  private static final List<String> PROVIDERS =
      List.of(
          FashionMnistProvider.class.getName(),
          MnistProvider.class.getName(),
          Cifar10Provider.class.getName());

  @Test
  void serviceFileListsEveryProvider() throws IOException {
    String name = "/META-INF/services/" + DatasetProvider.class.getName();
    try (InputStream in = ProviderDeclarationsTest.class.getResourceAsStream(name)) {
      assertEquals(PROVIDERS, new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    }
  }

  @Test
  void moduleDescriptorProvidesEveryProviderWhenRunAsAModule() {
    ModuleDescriptor descriptor = FashionMnistProvider.class.getModule().getDescriptor();
    if (descriptor != null) {
      List<String> provided = new ArrayList<>();
      descriptor.provides().stream()
          .filter(p -> p.service().equals(DatasetProvider.class.getName()))
          .forEach(p -> provided.addAll(p.providers()));
      assertEquals(PROVIDERS, provided);
    }
  }

  @Test
  void namesAreTheOnesUsersType() {
    assertEquals("fashion-mnist", new FashionMnistProvider().name());
    assertEquals("mnist", new MnistProvider().name());
    assertEquals("cifar10", new Cifar10Provider().name());
    assertEquals(
        List.of("data-dir", "subset", "subset-seed", "augmentation"),
        new Cifar10Provider().options().stream().map(o -> o.name()).toList());
  }
}
