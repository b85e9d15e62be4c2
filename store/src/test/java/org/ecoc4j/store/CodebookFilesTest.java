package org.ecoc4j.store;

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
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.LinearBlockCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Codebooks written as JSON or CSV read back equal; malformed files fail naming the problem. */
class CodebookFilesTest {

  @TempDir Path folder;

  /**
   * The smallest and the largest codebooks, then 60 cases whose classes (2 to 6), length (1 to 12)
   * and members (1 to 3) are drawn from their seed, which then draws the bits.
   */
  static Stream<Arguments> codebookSizes() {
    Stream<Arguments> edges = Stream.of(Arguments.of(0L, 2, 1, 1), Arguments.of(-1L, 6, 12, 3));
    Stream<Arguments> drawn = LongStream.range(0, 60).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(2, 7), random.nextInt(1, 13), random.nextInt(1, 4));
    });
    return Stream.concat(edges, drawn);
  }

  private static List<Codebook> codebooks(long seed, int classes, int length, int members) {
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
  }

  private static CodebookDocument document(List<Codebook> books) {
    return new CodebookDocument("test", "1.0", 7L, Map.of("k", "v"), books);
  }

  @ParameterizedTest(name = "seed={0} classes={1} length={2} members={3}")
  @MethodSource("codebookSizes")
  void jsonRoundTripKeepsEveryCodebook(long seed, int classes, int length, int members) {
    List<Codebook> books = codebooks(seed, classes, length, members);
    assertEquals(books, CodebookJson.read(CodebookJson.write(document(books)), "mem.json"));
  }

  @ParameterizedTest(name = "seed={0} classes={1} length={2} members={3}")
  @MethodSource("codebookSizes")
  void csvRoundTripKeepsEveryCodebook(long seed, int classes, int length, int members) {
    List<Codebook> books = codebooks(seed, classes, length, members);
    assertEquals(books, CodebookCsv.read(CodebookCsv.write(document(books)), "mem.csv"));
  }

  @ParameterizedTest(name = "seed={0} classes={1} length={2} members={3}")
  @MethodSource("codebookSizes")
  void textShowsEachMembersDistances(long seed, int classes, int length, int members) {
    List<Codebook> books = codebooks(seed, classes, length, members);
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
