package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.sf.geographiclib.Geodesic;
import net.sf.geographiclib.PolygonArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKTReader;

/**
 * Areas are ellipsoidal: the database's areas agree with GeographicLib (Karney's geodesic polygon
 * area on the CGCS2000 ellipsoid, computed here independently of PostGIS) within 0.01%, and the
 * real districts come within 0.5% of their official areas.
 */
class AreaTest extends DemoCityTest {

  /** CGCS2000: a = 6378137 m, 1/f = 298.257222101. */
  private static final Geodesic CGCS2000 = new Geodesic(6378137, 1 / 298.257222101);

  static double geodesicArea(Geometry g) {
    double sum = 0;
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Polygon p = (Polygon) g.getGeometryN(i);
      sum += Math.abs(ring(p.getExteriorRing().getCoordinates()));
      for (int h = 0; h < p.getNumInteriorRing(); h++) {
        sum -= Math.abs(ring(p.getInteriorRingN(h).getCoordinates()));
      }
    }
    return sum;
  }

  private static double ring(Coordinate[] cs) {
    PolygonArea area = new PolygonArea(CGCS2000, false);
    for (int i = 0; i < cs.length - 1; i++) {
      area.AddPoint(cs[i].y, cs[i].x);
    }
    return area.Compute(false, true).area;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // about 1 km²: a square of 0.01° in 禅城
        "POLYGON((113 23, 113.01 23, 113.01 23.01, 113 23.01, 113 23))",
        // a city-sized triangle
        "POLYGON((112.4 22.6, 113.4 22.6, 112.9 23.6, 112.4 22.6))",
        // a parcel with a courtyard
        "POLYGON((113.1 22.9, 113.103 22.9, 113.103 22.902, 113.1 22.902, 113.1 22.9),"
            + " (113.101 22.9005, 113.102 22.9005, 113.102 22.9015, 113.101 22.9015, 113.101 22.9005))",
        // a long thin strip along a river
        "POLYGON((112.5 22.8, 113.3 22.95, 113.3 22.951, 112.5 22.801, 112.5 22.8))",
        // two pieces
        "MULTIPOLYGON(((112.9 23.2, 112.95 23.2, 112.95 23.25, 112.9 23.2)),"
            + " ((113.2 22.7, 113.25 22.7, 113.25 22.72, 113.2 22.72, 113.2 22.7)))"
      })
  void theDatabaseMeasuresLikeGeographicLib(String wkt) throws Exception {
    double postgis =
        jdbc.sql("SELECT ST_Area(ST_GeomFromText(:wkt, 4490)::geography, true)")
            .param("wkt", wkt)
            .query(Double.class)
            .single();
    double reference = geodesicArea(new WKTReader().read(wkt));
    assertThat(postgis).isCloseTo(reference, within(reference * 1e-4));
  }

  @Test
  void districtAreasMatchGeographicLibAndTheOfficialFigures() throws Exception {
    List<Object[]> rows =
        jdbc.sql("SELECT code, area_m2, official_area_km2::float8, ST_AsBinary(geom) FROM district")
            .query(
                (rs, n) ->
                    new Object[] {
                      rs.getString(1), rs.getDouble(2), rs.getDouble(3), rs.getBytes(4)
                    })
            .list();
    assertThat(rows).hasSize(5);
    for (Object[] row : rows) {
      double stored = (double) row[1];
      double official = (double) row[2] * 1e6;
      double reference = geodesicArea(new WKBReader().read((byte[]) row[3]));
      assertThat(stored)
          .as("district %s vs GeographicLib", row[0])
          .isCloseTo(reference, within(reference * 1e-4));
      assertThat(stored)
          .as("district %s vs official", row[0])
          .isCloseTo(official, within(official * 0.005));
    }
  }

  @Test
  void theOfficialAreaIsNotThePlanarOne() {
    // In Gauss–Krüger CM 114°E (EPSG:4547) planar area overstates the ellipsoidal area in Foshan.
    double ratio =
        jdbc.sql(
                "SELECT ST_Area(ST_Transform(geom, 4547)) / area_m2 FROM district WHERE code = '440606'")
            .query(Double.class)
            .single();
    assertThat(ratio).isGreaterThan(1.0).isLessThan(1.001);
  }
}
