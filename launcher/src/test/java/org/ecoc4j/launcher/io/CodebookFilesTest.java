package org.ecoc4j.launcher.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.LinearBlockCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Codebooks written as JSON or CSV read back equal; malformed files fail naming the problem. */
class CodebookFilesTest {

  @TempDir Path folder;

  @Provide
  Arbitrary<List<Codebook>> codebooks() {
    return Combinators.combine(
            Arbitraries.integers().between(2, 6),
            Arbitraries.integers().between(1, 12),
            Arbitraries.integers().between(1, 3),
            Arbitraries.longs())
        .as(
            (classes, length, members, seed) -> {
              Random random = new Random(seed);
              List<Codebook> books = new ArrayList<>();
              for (int m = 0; m < members; m++) {
                int[][] rows = new int[classes][length];
                for (int[] row : rows) {
                  for (int j = 0; j < length; j++) {
                    row[j] = random.nextBoolean() ? 1 : -1;
                  }
                }
                books.add(Codebook.of(rows));
              }
              return books;
            });
  }

  private static CodebookDocument document(List<Codebook> books) {
    return new CodebookDocument("test", "1.0", 7L, Map.of("k", "v"), books);
  }

  @Property(tries = 60)
  void jsonRoundTripKeepsEveryCodebook(@ForAll("codebooks") List<Codebook> books) {
    assertEquals(books, CodebookJson.read(CodebookJson.write(document(books)), "mem.json"));
  }

  @Property(tries = 60)
  void csvRoundTripKeepsEveryCodebook(@ForAll("codebooks") List<Codebook> books) {
    assertEquals(books, CodebookCsv.read(CodebookCsv.write(document(books)), "mem.csv"));
  }

  @Property(tries = 30)
  void textShowsEachMembersDistances(@ForAll("codebooks") List<Codebook> books) {
    String text = CodebookText.write(document(books));
    for (int m = 0; m < books.size(); m++) {
      assertTrue(
          text.contains(
              "member " + m + ": Hamming distance min " + books.get(m).minHammingDistance()
                  + ", max " + books.get(m).maxHammingDistance()),
          text);
    }
  }

  @Test
  void jsonKeepsTheLinearCode() throws IOException {
    LinearBlockCode code = LinearBlockCode.systematic(new int[][] {{1, 1}, {0, 1}});
    int[][] rows = new int[4][];
    for (int message = 0; message < 4; message++) {
      int[] word = code.encode(new int[] {message >> 1 & 1, message & 1});
      rows[message] = new int[word.length];
      for (int j = 0; j < word.length; j++) {
        rows[message][j] = word[j] == 1 ? 1 : -1;
      }
    }
    Codebook book = Codebook.ofLinearCode(code, rows);
    Path file = folder.resolve("linear.json");
    Files.writeString(file, CodebookJson.write(document(List.of(book))));
    Codebook read = CodebookFiles.read(file).get(0);
    assertEquals(book, read);
    assertEquals(code, read.linearCode().orElseThrow());
  }

  @Test
  void malformedFilesNameTheFileAndPlace() throws IOException {
    Path badEntry = folder.resolve("bad.csv");
    Files.writeString(badEntry, "member,class,bit0,bit1\n0,0,1,-1\n0,1,1,0\n");
    InputFileException entry = assertThrows(InputFileException.class, () -> CodebookFiles.read(badEntry));
    assertTrue(entry.getMessage().contains("bad.csv, member 0"), entry.getMessage());
    assertTrue(entry.getMessage().contains("expected +1 or -1"), entry.getMessage());

    Path order = folder.resolve("order.csv");
    Files.writeString(order, "member,class,bit0\n0,1,1\n");
    InputFileException outOfOrder = assertThrows(InputFileException.class, () -> CodebookFiles.read(order));
    assertTrue(outOfOrder.getMessage().contains("order.csv line 2: expected member 0 class 0"),
        outOfOrder.getMessage());

    Path header = folder.resolve("header.csv");
    Files.writeString(header, "a,b,c\n");
    assertThrows(InputFileException.class, () -> CodebookFiles.read(header));

    Path noRows = folder.resolve("norows.json");
    Files.writeString(noRows, "{\"codebooks\": []}");
    InputFileException empty = assertThrows(InputFileException.class, () -> CodebookFiles.read(noRows));
    assertTrue(empty.getMessage().contains("norows.json has no \"codebooks\""), empty.getMessage());

    Path text = folder.resolve("text.json");
    Files.writeString(text, "{\"codebooks\": [{\"rows\": [[1, \"x\"], [1, 1]]}]}");
    InputFileException notInt = assertThrows(InputFileException.class, () -> CodebookFiles.read(text));
    assertTrue(notInt.getMessage().contains("member 0 \"rows\" row 0 entry 1"), notInt.getMessage());
  }

  @Test
  void outputsCsvSkipsAHeaderAndCommentsAndChecksEveryRow() throws IOException {
    Path outputs = folder.resolve("outputs.csv");
    Files.writeString(outputs, "# network outputs\nb0,b1\n0.5,-1\n\n-2,3e-1\n");
    assertEquals(List.of(0.5f, -1f, -2f, 0.3f), boxed(OutputsCsv.read(outputs, 2)));
    Path empty = folder.resolve("empty.csv");
    Files.writeString(empty, "# nothing\n");
    InputFileException none = assertThrows(InputFileException.class, () -> OutputsCsv.read(empty, 2));
    assertTrue(none.getMessage().contains("has no rows"), none.getMessage());
    Path word = folder.resolve("word.csv");
    Files.writeString(word, "0.5,-1\n0.5,high\n");
    InputFileException bad = assertThrows(InputFileException.class, () -> OutputsCsv.read(word, 2));
    assertTrue(bad.getMessage().contains("word.csv line 2 column 2: 'high' is not a number"), bad.getMessage());
  }

  private static List<Float> boxed(float[] values) {
    List<Float> list = new ArrayList<>();
    for (float v : values) {
      list.add(v);
    }
    return list;
  }
}
