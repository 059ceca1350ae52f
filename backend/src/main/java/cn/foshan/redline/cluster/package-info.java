/**
 * Industrial clusters 工业集聚区: 54 clusters of over 10,000 mu each; the red line lies inside them. A
 * cluster's districts are derived from its geometry, never stored. Offers the {@code cluster}
 * layer.
 */
package cn.foshan.redline.cluster;
