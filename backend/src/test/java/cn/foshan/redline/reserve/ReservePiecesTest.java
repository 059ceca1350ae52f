package cn.foshan.redline.reserve;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The reserve pieces as the ledger's page lists and maps them: filtered by district and stage,
 * sorted by an allow-listed key, with their shapes when asked, bounded (a hostile page size is
 * refused), and exported as CSV with the same filters.
 */
class ReservePiecesTest extends EditingTest {

  private List<Double> areas(JsonNode pieces) {
    List<Double> areas = new ArrayList<>();
    pieces.forEach(p -> areas.add(p.get("areaMu").asDouble()));
    return areas;
  }

  @Test
  void piecesAreFilteredSortedMappedAndBounded() throws Exception {
    long total = jdbc.sql("SELECT count(*) FROM reserve_land").query(Long.class).single();
    JsonNode all = expect(200, "GET", "/api/reserve/pieces?limit=1000", null, null);
    assertThat(all.size()).isEqualTo((int) Math.min(total, 1000));
    // no shapes unless asked for
    assertThat(all.get(0).has("geometry")).isFalse();

    // sorted by area, both ways
    JsonNode up = expect(200, "GET", "/api/reserve/pieces?limit=1000&sort=areaMu", null, null);
    assertThat(areas(up)).isSorted().hasSize(all.size());
    JsonNode down = expect(200, "GET", "/api/reserve/pieces?limit=1000&sort=-areaMu", null, null);
    assertThat(areas(down)).isSortedAccordingTo(Comparator.reverseOrder());
    JsonNode byCode = expect(200, "GET", "/api/reserve/pieces?limit=1000&sort=code", null, null);
    List<String> codes = new ArrayList<>();
    byCode.forEach(p -> codes.add(p.get("code").asString()));
    assertThat(codes).isSorted();

    // one district and stage, with shapes: the table's pieces, each a (multi)polygon
    JsonNode some =
        expect(
            200,
            "GET",
            "/api/reserve/pieces?district=440605&stage=READY&geometry=true&limit=1000",
            null,
            null);
    long expected =
        jdbc.sql(
                "SELECT count(*) FROM reserve_land WHERE district_code = '440605' AND stage = 'READY'")
            .query(Long.class)
            .single();
    assertThat(some.size()).isEqualTo((int) expected).isPositive();
    for (JsonNode p : some) {
      assertThat(p.get("districtCode").asString()).isEqualTo("440605");
      assertThat(p.get("stage").asString()).isEqualTo("READY");
      assertThat(p.at("/geometry/type").asString()).isIn("Polygon", "MultiPolygon");
    }

    // bounded: a hostile page size or an unknown order is refused, in Chinese first
    for (String query : List.of("limit=0", "limit=1001", "limit=2147483647")) {
      assertThat(
              expect(400, "GET", "/api/reserve/pieces?" + query, null, null)
                  .get("detail")
                  .asString())
          .startsWith("每页行数 limit 应为 1 到 1000");
    }
    assertThat(
            expect(400, "GET", "/api/reserve/pieces?sort=geom", null, null)
                .get("detail")
                .asString())
        .startsWith("排序须为");
    expect(400, "GET", "/api/reserve/pieces?sort=-", null, null);
    expect(400, "GET", "/api/reserve/pieces.csv?sort=id;DROP", null, null);

    // the CSV: BOM, a header and one line per piece of the filter, stages in Chinese
    HttpResponse<byte[]> csv =
        send("GET", "/api/reserve/pieces.csv?district=440605&stage=READY&sort=code", null, null);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    String text = new String(csv.body(), StandardCharsets.UTF_8);
    assertThat(text).startsWith("\uFEFF编号 code,");
    String[] lines = text.split("\r\n");
    assertThat(lines).hasSize((int) expected + 1);
    for (int i = 1; i < lines.length; i++) {
      assertThat(lines[i]).contains(",南海区,达标,");
    }
  }
}
