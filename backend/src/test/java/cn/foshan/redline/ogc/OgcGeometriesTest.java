package cn.foshan.redline.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

/** A bbox in a projected CRS is densified by a fixed number of points, whatever its numbers. */
@Tag("fast")
class OgcGeometriesTest {

  private static final String GK = "http://www.opengis.net/def/crs/EPSG/0/4547";

  @Test
  void aThinBoxOfAThousandKilometresHasAsManyPointsAsAnyOther() {
    // northing 2,500,000 to 2,500,000.001 m, easting 0 to 1,000,000 m: 1 mm tall, 1,000 km wide
    Geometry thin = OgcGeometries.bbox("2500000,0,2500000.001,1000000", OgcCrs.of(GK, "bbox-crs"));
    Geometry square =
        OgcGeometries.bbox("2540000,400000,2560000,420000", OgcCrs.of(GK, "bbox-crs"));
    assertThat(thin.getNumPoints()).isEqualTo(4 * OgcGeometries.POINTS_PER_EDGE + 1);
    assertThat(square.getNumPoints()).isEqualTo(4 * OgcGeometries.POINTS_PER_EDGE + 1);
    // the same box: easting (x) first in PostGIS order
    assertThat(thin.getEnvelopeInternal().getMinX()).isEqualTo(0);
    assertThat(thin.getEnvelopeInternal().getMaxX()).isEqualTo(1_000_000);
    assertThat(thin.getEnvelopeInternal().getMaxY()).isEqualTo(2_500_000.001);
    assertThat(square.isValid()).isTrue();
    assertThat(square.getArea()).isEqualTo(20_000.0 * 20_000.0);
  }
}
