package org.ecoc4j.datasets.npm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Builds small npm-like package tarballs for tests: a ustar writer and class JSON files. */
final class TestPackages {

  private TestPackages() {}

  /** A tar archive (uncompressed) of the given entries, in order. */
  static byte[] tar(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      out.write(header(entry.getKey(), '0', entry.getValue().length));
      out.write(entry.getValue());
      out.write(new byte[(512 - entry.getValue().length % 512) % 512]);
    }
    out.write(new byte[1024]);
    return out.toByteArray();
  }

  /**
   * One ustar header block with a valid checksum that declares {@code size} bytes of type {@code
   * type} ({@code '0'} a file, {@code 'x'} a pax header, {@code 'L'} a GNU long name).
   */
  static byte[] header(String name, char type, long size) {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", size));
    put(header, 136, "00000000000");
    header[156] = (byte) type;
    put(header, 257, "ustar");
    put(header, 263, "00");
    for (int i = 148; i < 156; i++) {
      header[i] = ' ';
    }
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    return header;
  }

  private static void put(byte[] header, int offset, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  /** Writes {@code tar} gzip-compressed to {@code file}. */
  static Path gzip(Path file, byte[] tar) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(tar);
    }
    return file;
  }

  /** The pixels of image {@code i} of class {@code c}: a distinct pattern per image. */
  static int pixel(int c, int i, int p) {
    return (c * 31 + i * 17 + p * (i + 3)) % 256;
  }

  /**
   * A fashion-mnist-like package: class c has {@code perClass} images of integers, nested arrays,
   * with an empty entry after the first image of class 0, and image 1 of class 2 a copy of image 0
   * of class 1.
   */
  static Map<String, byte[]> fashionLike(int perClass) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/package.json", "{\"name\":\"fashion-mnist\"}".getBytes(StandardCharsets.UTF_8));
    for (int c = 0; c < 10; c++) {
      StringBuilder json = new StringBuilder("{\"info\":{\"x\":[1,2]},\"data\":[");
      for (int i = 0; i < perClass; i++) {
        json.append(i == 0 ? "[" : ",[");
        for (int p = 0; p < 784; p++) {
          int value = c == 2 && i == 1 ? pixel(1, 0, p) : pixel(c, i, p);
          json.append(p == 0 ? "" : ",").append(value);
        }
        json.append(']');
        if (c == 0 && i == 0) {
          json.append(",[]");
        }
      }
      json.append("]}");
      entries.put("package/src/clothes/" + c + ".json", json.toString().getBytes(StandardCharsets.UTF_8));
    }
    return entries;
  }

  /** An mnist-like package: one flat array of values in [0, 1] with three decimals per class. */
  static Map<String, byte[]> mnistLike(int perClass) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int c = 0; c < 10; c++) {
      StringBuilder json = new StringBuilder("{ \"data\": [");
      for (int i = 0; i < perClass; i++) {
        for (int p = 0; p < 784; p++) {
          double value = Math.round(pixel(c, i, p) / 255.0 * 1000) / 1000.0;
          json.append(i == 0 && p == 0 ? "" : ",").append(value);
        }
      }
      json.append("] }");
      entries.put("package/src/digits/" + c + ".json", json.toString().getBytes(StandardCharsets.UTF_8));
    }
    return entries;
  }
}
