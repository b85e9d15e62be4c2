package org.none;

/** Test jar (plain) with a class but no ecoc4j provider. */
public final class Helper {
  private Helper() {}
}
