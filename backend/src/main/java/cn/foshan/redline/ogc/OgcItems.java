package cn.foshan.redline.ogc;

import java.util.function.Consumer;

/**
 * A page of a collection's features, the one document that is streamed: its features come from the
 * database as the writer asks for them ({@link #features}), and its count and links are known when
 * the page is done ({@link OgcLinks.Paging}).
 *
 * @param title the collection's title
 * @param collection the collection's id
 * @param crs the CRS of the coordinates
 * @param features hands the page's features (GeoJSON texts as UTF-8 bytes) to a consumer
 * @param paging the page's place and how it links on
 */
record OgcItems(
    String title, String collection, OgcCrs crs, Features features, OgcLinks.Paging paging) {

  /** The features of the page, each handed over as it comes. */
  @FunctionalInterface
  interface Features {
    OgcFeatures.Page page(Consumer<byte[]> each);
  }
}
