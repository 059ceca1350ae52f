package cn.foshan.redline.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A tile's ETag follows the tile, not its layer: an edit changes the ETags of the tiles it shows
 * in, and a tile far away is still answered 304; a tile as of a past moment keeps its ETag.
 */
class TileValidatorsTest extends EditingTest {

  /** The z15 tile holding a parcel's point on surface: "15/x/y". */
  private String tileOf(long parcel) {
    return jdbc.sql(
            "SELECT concat_ws('/', 15,"
                + " floor((ST_X(c) + 20037508.342789244) / (40075016.68557849 / 2 ^ 15))::int,"
                + " floor((20037508.342789244 - ST_Y(c)) / (40075016.68557849 / 2 ^ 15))::int)"
                + " FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 3857) AS c"
                + " FROM parcel WHERE id = :id) p")
        .param("id", parcel)
        .query(String.class)
        .single();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    return client().get(path, headers);
  }

  private static String etag(HttpResponse<byte[]> response) {
    return response.headers().firstValue("ETag").orElseThrow();
  }

  @Test
  void anEditChangesTheETagsOfItsTilesOnlyAndPastTilesKeepTheirs() throws Exception {
    long edited =
        jdbc.sql("SELECT id FROM parcel ORDER BY id OFFSET 1300 LIMIT 1")
            .query(Long.class)
            .single();
    // a parcel 5 km away and more
    long far =
        jdbc.sql(
                "SELECT f.id FROM parcel f, parcel e WHERE e.id = :id"
                    + " AND ST_Distance(f.geom::geography, e.geom::geography) > 5000"
                    + " ORDER BY f.id LIMIT 1")
            .param("id", edited)
            .query(Long.class)
            .single();
    String near = "/tiles/parcel/" + tileOf(edited) + ".mvt";
    String away = "/tiles/parcel/" + tileOf(far) + ".mvt";
    String nearCombined = "/tiles/" + tileOf(edited) + ".mvt?layers=district,cluster,parcel";
    String awayCombined = "/tiles/" + tileOf(far) + ".mvt?layers=district,cluster,parcel";
    OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC);
    Thread.sleep(50);
    String nearPast = near + "?asOf=" + before;

    HttpResponse<byte[]> nearBefore = get(near);
    HttpResponse<byte[]> awayBefore = get(away);
    HttpResponse<byte[]> nearCombinedBefore = get(nearCombined);
    HttpResponse<byte[]> awayCombinedBefore = get(awayCombined);
    HttpResponse<byte[]> nearPastBefore = get(nearPast);
    assertThat(nearPastBefore.body()).isEqualTo(get(nearPast).body()).isNotEmpty();

    JsonNode before1 = feature("parcel", edited);
    JsonNode smaller =
        shape(
            "SELECT ST_Buffer(geom, -0.0001, 'join=mitre') FROM parcel WHERE id = :id",
            "id",
            edited);
    HttpResponse<byte[]> put =
        send(
            "PUT",
            "/api/layers/parcel/features/" + edited,
            "bureau",
            Map.of("geometry", smaller, "properties", Map.of(), "reason", "缩小 shrink"),
            "If-Match",
            "\"" + before1.at("/properties/version").asInt() + "\"");
    assertThat(put.statusCode()).isEqualTo(200);

    // the edited parcel's tiles: a new tile, a new ETag
    for (HttpResponse<byte[]> held : new HttpResponse[] {nearBefore, nearCombinedBefore}) {
      String path = held.request().uri().getRawPath();
      String query = held.request().uri().getRawQuery();
      String url = query == null ? path : path + "?" + query;
      HttpResponse<byte[]> after = get(url, "If-None-Match", etag(held));
      assertThat(after.statusCode()).as(url).isEqualTo(200);
      assertThat(etag(after)).isNotEqualTo(etag(held));
      assertThat(after.body()).isNotEqualTo(held.body()).isEqualTo(get(url).body());
      assertThat(get(url, "If-None-Match", etag(after)).statusCode()).isEqualTo(304);
    }
    // far away: the layer changed, the tile did not
    for (HttpResponse<byte[]> held : new HttpResponse[] {awayBefore, awayCombinedBefore}) {
      String path = held.request().uri().getRawPath();
      String query = held.request().uri().getRawQuery();
      String url = query == null ? path : path + "?" + query;
      HttpResponse<byte[]> after = get(url, "If-None-Match", etag(held));
      assertThat(after.statusCode()).as(url).isEqualTo(304);
      assertThat(get(url).body()).isEqualTo(held.body());
      // the ETag given with the 304 (the new revision) revalidates too
      assertThat(get(url, "If-None-Match", etag(after)).statusCode()).isEqualTo(304);
    }
    // the tile as of before the edit is the same tile, still valid; the tile now is not
    HttpResponse<byte[]> pastAfter = get(nearPast, "If-None-Match", etag(nearPastBefore));
    assertThat(pastAfter.statusCode()).isEqualTo(304);
    assertThat(get(nearPast).body()).isEqualTo(nearPastBefore.body());
    String now = near + "?asOf=" + OffsetDateTime.now(ZoneOffset.UTC);
    assertThat(get(now).body()).isNotEqualTo(nearPastBefore.body());
  }
}
