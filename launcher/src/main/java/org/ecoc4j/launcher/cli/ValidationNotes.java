package org.ecoc4j.launcher.cli;

import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.store.DefenseModelFiles;
import org.ecoc4j.store.SavedModel;

/**
 * What {@code evaluate} and {@code attack} say on stderr when they leave out the validation
 * split that selected a model's epoch ({@code train --validation}): a note, and a warning when
 * the test images left are not as many as the model recorded, for then the dataset's test split
 * is not the one it was trained with and the images left out are not those that selected it.
 */
final class ValidationNotes {

  private ValidationNotes() {}

  /** Prints {@code note}, and the warning when {@code rest}'s test split has another size. */
  static void report(Console console, SavedModel saved, Dataset rest, String note) {
    console.error("note: " + note);
    DefenseModelFiles.testSamples(saved).ifPresent(recorded -> {
      if (recorded != rest.test().size()) {
        console.error("warning: the model recorded " + recorded + " test images left after"
            + " its validation split, this dataset leaves " + rest.test().size() + ": its test"
            + " split is not the one the model was trained with, so some images that selected"
            + " the model's epoch may be evaluated");
      }
    });
  }
}
