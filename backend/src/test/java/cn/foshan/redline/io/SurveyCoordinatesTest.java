package cn.foshan.redline.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.io.SurveyCoordinates.Crs;
import cn.foshan.redline.io.SurveyCoordinates.Parsed;
import cn.foshan.redline.io.SurveyCoordinates.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reading survey coordinates: the pasted lists and the ministry's 界址点坐标 file, without a database.
 */
@Tag("fast")
class SurveyCoordinatesTest {

  static String fixture(String name) throws IOException {
    try (InputStream in = SurveyCoordinatesTest.class.getResourceAsStream("/survey/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theMinistryFileWithAHoleIsOnePartWithOneHole() throws IOException {
    Parsed p = SurveyCoordinates.parse(fixture("zhangcha-with-hole.txt"), Crs.EPSG_4547);
    assertThat(p.parts()).hasSize(1);
    assertThat(p.parts().get(0).shell()).hasSize(6);
    assertThat(p.parts().get(0).holes()).hasSize(1);
    assertThat(p.parts().get(0).holes().get(0)).hasSize(5);
    assertThat(p.points()).isEqualTo(11);
    assertThat(p.rings()).isEqualTo(2);
    assertThat(p.attributes()).containsEntry("带号", "38");
    // the zone number is stripped; x is the easting, y the northing
    assertThat(p.parts().get(0).shell().get(0).x()).isEqualTo(407702.340, within());
    assertThat(p.parts().get(0).shell().get(0).y()).isEqualTo(2547180.125, within());
    assertThat(p.wkt()).startsWith("MULTIPOLYGON(((407702.34 2547180.125,");
  }

  @Test
  void aPastedListWithTabsAndABlankLineIsTwoParts() throws IOException {
    Parsed p = SurveyCoordinates.parse(fixture("pasted-two-parts.txt"), Crs.EPSG_4547);
    assertThat(p.parts()).hasSize(2);
    assertThat(p.parts().get(0).shell()).hasSize(5); // closed here
    assertThat(p.parts().get(1).holes()).isEmpty();
    assertThat(p.points()).isEqualTo(9);
    assertThat(p.rings()).isEqualTo(2);
  }

  @Test
  void commasSpacesAndNoZonePrefixAreRead() {
    String text = "1, 2547000.0, 407700.0\n2 2547000.0 407800.0\n3，2546900.0，407800.0\n";
    Parsed p = SurveyCoordinates.parse(text, Crs.EPSG_4547);
    assertThat(p.parts().get(0).shell()).hasSize(4);
    assertThat(p.parts().get(0).shell().get(1).x()).isEqualTo(407800.0, within());
  }

  @Test
  void aRingInsideAnEarlierOneIsAHoleInAPastedListToo() {
    String text =
        """
        1,2547000,407700
        2,2547000,407900
        3,2546800,407900
        4,2546800,407700

        5,2546950,407750
        6,2546950,407800
        7,2546900,407800
        """;
    Parsed p = SurveyCoordinates.parse(text, Crs.EPSG_4547);
    assertThat(p.parts()).hasSize(1);
    assertThat(p.parts().get(0).holes()).hasSize(1);
  }

  @Test
  void aRingNumberChangeStartsTheNextRing() {
    String text =
        """
        1,1,2547000,407700
        2,1,2547000,407900
        3,1,2546800,407900
        4,2,2547000,408000
        5,2,2547000,408100
        6,2,2546900,408100
        """;
    Parsed p = SurveyCoordinates.parse(text, Crs.EPSG_4547);
    assertThat(p.parts()).hasSize(2);
  }

  @Test
  void latitudeComesFirstInCgcs2000AndSwappedDegreesAreNamed() {
    String text = "1,23.02,113.10\n2,23.02,113.11\n3,23.01,113.11\n";
    Parsed p = SurveyCoordinates.parse(text, Crs.EPSG_4490);
    assertThat(p.parts().get(0).shell().get(0).x()).isEqualTo(113.10, within());
    assertThat(p.parts().get(0).shell().get(0).y()).isEqualTo(23.02, within());
    assertThatThrownBy(
            () ->
                SurveyCoordinates.parse(
                    "1,113.10,23.02\n2,113.11,23.02\n3,113.11,23.01\n", Crs.EPSG_4490))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("第 1 行")
        .hasMessageContaining("经纬度顺序颠倒");
  }

  @Test
  void aZoneOtherThanTheCrssIsRefusedWithItsLine() {
    String text = "1,2547000,38407700\n2,2547000,37407900\n3,2546800,38407900\n";
    assertThatThrownBy(() -> SurveyCoordinates.parse(text, Crs.EPSG_4547))
        .isInstanceOf(Problem.class)
        .hasMessageStartingWith("第 2 行 Y 坐标的带号为 37")
        .extracting(e -> ((Problem) e).line)
        .isEqualTo(2);
    // the same points are fine in zone 37's CRS once all carry 37
    assertThatThrownBy(() -> SurveyCoordinates.parse(text.replace("38407", "37407"), Crs.EPSG_4547))
        .hasMessageContaining("带号为 37");
    assertThat(SurveyCoordinates.parse(text.replace("38407", "37407"), Crs.EPSG_4546).points())
        .isEqualTo(3);
  }

  @Test
  void theFilesZoneMustBeTheCrss() throws IOException {
    assertThatThrownBy(
            () -> SurveyCoordinates.parse(fixture("zhangcha-with-hole.txt"), Crs.EPSG_4546))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("带号为 38")
        .hasMessageContaining("EPSG:4546");
  }

  @Test
  void otherDatumsAndSixDegreeZonesAreRefused() throws IOException {
    String file = fixture("zhangcha-with-hole.txt");
    assertThatThrownBy(
            () -> SurveyCoordinates.parse(file.replace("2000国家大地坐标系", "1980西安坐标系"), Crs.EPSG_4547))
        .hasMessageContaining("1980西安坐标系");
    assertThatThrownBy(
            () -> SurveyCoordinates.parse(file.replace("几度分带=3", "几度分带=6"), Crs.EPSG_4547))
        .hasMessageContaining("6 度分带");
  }

  @Test
  void aWrongPointCountInTheHeaderIsRefusedAtTheHeader() throws IOException {
    String file = fixture("zhangcha-with-hole.txt").replace("11,3.5796", "12,3.5796");
    assertThatThrownBy(() -> SurveyCoordinates.parse(file, Crs.EPSG_4547))
        .isInstanceOf(Problem.class)
        .hasMessageStartingWith("第 13 行的地块首行写有 12 个界址点，其后却有 11 个");
  }

  @Test
  void aLineThatIsNotANumberIsNamed() throws IOException {
    String file = fixture("zhangcha-with-hole.txt").replace("J3,1,2547021.730", "J3,1,2547O21.730");
    assertThatThrownBy(() -> SurveyCoordinates.parse(file, Crs.EPSG_4547))
        .isInstanceOf(Problem.class)
        .hasMessageStartingWith("第 16 行的坐标")
        .hasMessageContaining("不是数字");
    assertThatThrownBy(() -> SurveyCoordinates.parse("1,2547000\n", Crs.EPSG_4547))
        .hasMessageStartingWith("第 1 行应为");
  }

  @Test
  void aRingOfTwoPointsIsRefused() {
    assertThatThrownBy(
            () ->
                SurveyCoordinates.parse(
                    "1,2547000,407700\n2,2547000,407900\n1,2547000,407700\n", Crs.EPSG_4547))
        .isInstanceOf(Problem.class)
        .hasMessageContaining("至少要 3 个");
  }

  @Test
  void swappedProjectedCoordinatesAreRefused() {
    assertThatThrownBy(
            () ->
                SurveyCoordinates.parse(
                    "1,38407700,2547000\n2,38407900,2547000\n3,38407900,2546900\n", Crs.EPSG_4547))
        .isInstanceOf(Problem.class)
        .hasMessageStartingWith("第 1 行");
  }

  @Test
  void gb18030TextIsDecoded() throws IOException {
    String file = fixture("zhangcha-with-hole.txt");
    String decoded = SurveyController.decode(file.getBytes(Charset.forName("GB18030")));
    assertThat(decoded).isEqualTo(file);
    assertThat(SurveyController.decode(file.getBytes(StandardCharsets.UTF_8))).isEqualTo(file);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
