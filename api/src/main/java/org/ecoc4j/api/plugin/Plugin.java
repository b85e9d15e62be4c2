package org.ecoc4j.api.plugin;

import java.util.List;

/**
 * Common contract of every service provider: how users find it and configure it.
 *
 * <p>Names are unique within one SPI, lower case, words separated by hyphens (for example
 * {@code random-binary}). A launcher refuses two providers of the same SPI with the same name.
 */
public interface Plugin {

  /** The unique name users select this plugin by, e.g. {@code random-binary}. */
  String name();

  /** One line saying what the plugin does. */
  String description();

  /**
   * Every option the plugin accepts, in the order they are best shown. Unknown options are an
   * error, so this list is complete.
   */
  List<OptionSpec> options();
}
