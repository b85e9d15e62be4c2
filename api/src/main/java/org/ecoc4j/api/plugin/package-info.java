/**
 * What every ecoc4j plugin has in common: a unique name, a one-line description and typed options.
 *
 * <p>A launcher lists plugins by {@link org.ecoc4j.api.plugin.Plugin#name()}, shows their
 * {@link org.ecoc4j.api.plugin.OptionSpec}s and validates user input with
 * {@link org.ecoc4j.api.plugin.Options#parse(java.util.List, java.util.Map)} before a plugin sees it.
 */
package org.ecoc4j.api.plugin;
