package org.ecoc4j.launcher;

import com.google.inject.ConfigurationException;
import com.google.inject.Injector;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Lets picocli create commands, mixins and version providers through Guice, so they get their
 * dependencies injected; classes Guice cannot build (picocli's own) fall back to picocli's
 * factory.
 */
final class GuiceCommandFactory implements IFactory {

  private final Injector injector;

  GuiceCommandFactory(Injector injector) {
    this.injector = injector;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    try {
      return injector.getInstance(type);
    } catch (ConfigurationException e) {
      return CommandLine.defaultFactory().create(type);
    }
  }
}
