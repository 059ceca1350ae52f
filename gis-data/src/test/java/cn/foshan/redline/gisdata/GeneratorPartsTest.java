package cn.foshan.redline.gisdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;

/** The small parts of the generator that the database cannot check for us. */
class GeneratorPartsTest {

  @Test
  void theMetricFrameIsAnExactRoundTrip() throws Exception {
    Geometry lonLat =
        new WKTReader().read("POLYGON((113.1 22.9, 113.2 22.9, 113.2 23, 113.1 22.9))");
    Geometry back = Frame.toDegrees(Frame.toMetres(lonLat));
    assertThat(back.equalsExact(lonLat, 1e-12)).isTrue();
    // one degree of latitude near Foshan is about 110.8 km
    assertThat(Frame.METRES_PER_DEG_LAT).isCloseTo(110_780, within(100.0));
  }

  @Test
  void geodesicAreaOfAKnownSquare() throws Exception {
    // 0.01° × 0.01° at 23°N: 1,025.9 m × 1,107.9 m ≈ 1.1366 km² on the ellipsoid
    double area =
        Geodesy.area(
            new WKTReader().read("POLYGON((113 23, 113.01 23, 113.01 23.01, 113 23.01, 113 23))"));
    assertThat(area).isCloseTo(1_135_334.6, within(1.0));
  }

  @Test
  void creditCodesAreUniqueAndCarryAValidCheckCharacter() {
    String chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    int[] weights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    Set<String> seen = new HashSet<>();
    for (int e = 0; e < 50_000; e += 7) {
      String code = CreditCode.of(e, "440605");
      assertThat(code).hasSize(18).startsWith("91440605");
      int sum = 0;
      for (int k = 0; k < 17; k++) {
        sum += chars.indexOf(code.charAt(k)) * weights[k];
      }
      assertThat(code.charAt(17)).isEqualTo(chars.charAt((31 - sum % 31) % 31));
      assertThat(seen.add(code)).isTrue();
    }
  }

  @Test
  void streamsOfTheSameSeedRepeatAndOthersDiffer() {
    Rng a = Rng.of(1, "parcel", 5);
    Rng b = Rng.of(1, "parcel", 5);
    Rng c = Rng.of(1, "parcel", 6);
    double first = a.uniform();
    assertThat(b.uniform()).isEqualTo(first);
    assertThat(c.uniform()).isNotEqualTo(first);
  }
}
