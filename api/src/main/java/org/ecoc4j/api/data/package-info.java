/**
 * Image datasets: the {@link org.ecoc4j.api.data.DatasetProvider} SPI, the opened {@link
 * org.ecoc4j.api.data.Dataset} with its training and test {@link org.ecoc4j.api.data.Split}s, and
 * the reusable {@link org.ecoc4j.api.data.Batch} that a {@link org.ecoc4j.api.data.BatchCursor}
 * refills.
 *
 * <p>Images are floats in [0, 1], laid out C x H x W per image and N x C x H x W per batch. A
 * trainer iterates epochs of shuffled batches ({@link org.ecoc4j.api.data.Split#shuffled(int,
 * long)}, one seed per epoch) and applies the dataset's {@link org.ecoc4j.api.data.Augmentation};
 * an evaluator reads the test split in order ({@link org.ecoc4j.api.data.Split#inOrder(int)}).
 * Problems with the data surface as {@link org.ecoc4j.api.data.DatasetException}s naming the file
 * and the problem.
 */
package org.ecoc4j.api.data;
