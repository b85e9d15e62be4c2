package org.ecoc4j.host;

import java.util.ArrayList;
import java.util.List;

/** Turns an exception and its causes into one line of text. */
final class Causes {

  private Causes() {}

  /** The messages of {@code error} and its causes joined by {@code ": "}, repeats removed. */
  static String describe(Throwable error) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = error; t != null && parts.size() < 5; t = t.getCause()) {
      String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      if (parts.stream().noneMatch(p -> p.contains(text))) {
        parts.add(text);
      }
    }
    return String.join(": ", parts).replaceAll("\\s*\\R\\s*", " ");
  }
}
