package cn.foshan.redline.editing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Who may do what, checked on the server: nobody writes anonymously, a planner only reads, a
 * district officer proposes inside their district and sees their own proposals, the bureau commits,
 * approves and rejects; official figures count only committed changes.
 */
class ReviewFlowTest extends EditingTest {

  /** A parcel of a district, by rank. */
  private long parcelOf(String district, int rank) {
    return jdbc.sql("SELECT id FROM parcel WHERE district_code = :d ORDER BY id OFFSET :r LIMIT 1")
        .param("d", district)
        .param("r", rank)
        .query(Long.class)
        .single();
  }

  private static List<Long> ids(JsonNode list) {
    List<Long> ids = new ArrayList<>();
    list.forEach(c -> ids.add(c.get("id").asLong()));
    return ids;
  }

  @Test
  void nobodyWritesAnonymouslyAndAPlannerOnlyReads() throws Exception {
    JsonNode anonymous = expect(401, "POST", "/api/change-sets", null, Map.of("reason", "x"));
    assertThat(anonymous.get("type").asText()).isEqualTo("/problems/login-required");
    expect(401, "GET", "/api/change-sets", null, null);
    assertThat(
            expect(403, "POST", "/api/change-sets", "planner", Map.of("reason", "x"))
                .get("type")
                .asText())
        .isEqualTo("/problems/forbidden");
    long parcel = parcelOf("440605", 40);
    expect(
        403,
        "PUT",
        "/api/layers/parcel/features/" + parcel,
        "planner",
        Map.of("properties", Map.of("floorAreaM2", 1), "reason", "x"),
        "If-Match",
        "\"" + version("parcel", parcel) + "\"");
    expect(401, "GET", "/api/me", null, null);
    assertThat(expect(200, "GET", "/api/me", "planner", null).get("role").asText())
        .isEqualTo("PLANNER");
    // a wrong password is no login
    assertThat(
            send("GET", "/api/me", null, null, "Authorization", "Basic YnVyZWF1Ondyb25n")
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void aDistrictOfficerProposesInsideTheirDistrictAndTheBureauApproves() throws Exception {
    long mine = parcelOf("440604", 5);
    long theirs = parcelOf("440605", 5);
    long cs = draft("chancheng", "禅城 proposal");
    expect(
        403,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "chancheng",
        edit(
            "parcel", "update", theirs, version("parcel", theirs), null, Map.of("floorAreaM2", 7)));
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "chancheng",
        edit("parcel", "update", mine, version("parcel", mine), null, Map.of("floorAreaM2", 777)));
    assertThat(
            expect(403, "POST", "/api/change-sets/" + cs + "/commit", "chancheng", null)
                .get("detail")
                .asText())
        .contains("bureau");
    JsonNode proposed =
        expect(200, "POST", "/api/change-sets/" + cs + "/submit", "chancheng", null);
    assertThat(proposed.get("status").asText()).isEqualTo("PROPOSED");
    assertThat(proposed.get("districtCode").asText()).isEqualTo("440604");
    // not yet official
    assertThat(feature("parcel", mine).at("/properties/floorAreaM2").asDouble())
        .isNotEqualTo(777.0);
    // the bureau sees it; another district does not
    assertThat(ids(expect(200, "GET", "/api/change-sets?status=PROPOSED", "bureau", null)))
        .contains(cs);
    assertThat(ids(expect(200, "GET", "/api/change-sets", "nanhai", null))).doesNotContain(cs);
    expect(404, "GET", "/api/change-sets/" + cs, "nanhai", null);
    expect(200, "GET", "/api/change-sets/" + cs + "/preview", "bureau", null);
    // nobody changes a proposal's edits any more
    expect(
        409,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "chancheng",
        edit("parcel", "update", mine, version("parcel", mine), null, Map.of("floorAreaM2", 1)));

    JsonNode approved =
        expect(
            200,
            "POST",
            "/api/change-sets/" + cs + "/approve",
            "bureau",
            Map.of("comment", "同意 agreed"));
    assertThat(approved.at("/changeSet/status").asText()).isEqualTo("COMMITTED");
    assertThat(approved.at("/changeSet/reviewedBy").asText()).isEqualTo("bureau");
    assertThat(feature("parcel", mine).at("/properties/floorAreaM2").asDouble()).isEqualTo(777.0);
    JsonNode seen = expect(200, "GET", "/api/change-sets/" + cs, "chancheng", null);
    assertThat(seen.at("/changeSet/status").asText()).isEqualTo("COMMITTED");
  }

  @Test
  void theBureauRejectsWithACommentAndTheDistrictSeesIt() throws Exception {
    long mine = parcelOf("440606", 7);
    long cs = draft("shunde", "顺德 proposal");
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "shunde",
        edit("parcel", "update", mine, version("parcel", mine), null, Map.of("floorAreaM2", 888)));
    expect(200, "POST", "/api/change-sets/" + cs + "/submit", "shunde", null);
    expect(403, "POST", "/api/change-sets/" + cs + "/reject", "shunde", Map.of("comment", "self"));
    expect(422, "POST", "/api/change-sets/" + cs + "/reject", "bureau", Map.of("comment", " "));
    JsonNode rejected =
        expect(
            200,
            "POST",
            "/api/change-sets/" + cs + "/reject",
            "bureau",
            Map.of("comment", "依据不足 not justified"));
    assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
    JsonNode seen = expect(200, "GET", "/api/change-sets/" + cs, "shunde", null);
    assertThat(seen.at("/changeSet/reviewComment").asText()).isEqualTo("依据不足 not justified");
    assertThat(feature("parcel", mine).at("/properties/floorAreaM2").asDouble())
        .isNotEqualTo(888.0);
    expect(409, "POST", "/api/change-sets/" + cs + "/approve", "bureau", Map.of("comment", "late"));
  }

  @Test
  void aProposalOfRedLineDoesNotCountUntilApproved() throws Exception {
    double before = expect(200, "GET", "/api/quota", null, null).at("/city/redLineKm2").asDouble();
    long redLine =
        jdbc.sql(
                "SELECT r.id FROM red_line r WHERE r.district_code = '440607'"
                    + " AND NOT EXISTS (SELECT 1 FROM reserve_land s WHERE s.geom && r.geom) ORDER BY r.id LIMIT 1")
            .query(Long.class)
            .single();
    // grow it a little inside its cluster and district: more red line, allowed
    JsonNode grown =
        shape(
            "SELECT ST_Multi(ST_CollectionExtract(ST_Difference(ST_Intersection(ST_Buffer(r.geom, 0.001, 'join=mitre'),"
                + " ST_Intersection(ST_Buffer(c.geom, -0.0001), ST_Buffer(d.geom, -0.0001))),"
                + " coalesce((SELECT ST_Union(o.geom) FROM red_line o WHERE o.id <> r.id AND o.geom && ST_Buffer(r.geom, 0.002)),"
                + " 'SRID=4490;POLYGON EMPTY'::geometry)), 3))"
                + " FROM red_line r JOIN industrial_cluster c ON c.id = r.cluster_id JOIN district d ON d.code = r.district_code"
                + " WHERE r.id = :id",
            "id",
            redLine);
    long cs = draft("sanshui", "三水 adds red line");
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "sanshui",
        edit("red_line", "update", redLine, version("red_line", redLine), grown, Map.of()));
    expect(200, "POST", "/api/change-sets/" + cs + "/submit", "sanshui", null);
    assertThat(expect(200, "GET", "/api/quota", null, null).at("/city/redLineKm2").asDouble())
        .isEqualTo(before);
    expect(200, "POST", "/api/change-sets/" + cs + "/approve", "bureau", null);
    assertThat(expect(200, "GET", "/api/quota", null, null).at("/city/redLineKm2").asDouble())
        .isGreaterThan(before);
  }
}
