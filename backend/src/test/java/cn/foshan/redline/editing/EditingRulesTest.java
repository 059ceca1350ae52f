package cn.foshan.redline.editing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every rule checked on a write, with a failing and a passing case: shapes (validity, CRS, size,
 * place), attributes, no overlap within a layer, containment, and the red-line quota. Shapes are
 * made by PostGIS from WKT or from the features of the test city.
 */
class EditingRulesTest extends EditingTest {

  private static final String PARCEL = "parcel";

  private JsonNode preview(long cs) throws Exception {
    return expect(
        200, "GET", "/api/change-sets/" + cs + "/preview?include=clusters", "bureau", null);
  }

  private static List<String> rules(JsonNode preview) {
    List<String> rules = new ArrayList<>();
    preview.at("/effects/violations").forEach(v -> rules.add(v.get("rule").asText()));
    return rules;
  }

  private static Map<String, Object> parcelAttributes() {
    return Map.of("landUse", "0601", "grantType", "GRANT", "grantedOn", "2026-01-15");
  }

  @Test
  void aSelfIntersectingRingIsRefusedWithTheRepairOfferedAndNothingSaved() throws Exception {
    long cs = draft("bureau", "bow tie");
    JsonNode bowTie =
        shape(
            "ST_GeomFromText('POLYGON((113.05 23.05, 113.051 23.051, 113.051 23.05, 113.05 23.051, 113.05 23.05))', 4490)");
    JsonNode problem =
        expect(
            422,
            "POST",
            "/api/change-sets/" + cs + "/edits",
            "bureau",
            edit(PARCEL, "create", null, null, bowTie, parcelAttributes()));
    assertThat(problem.get("type").asText()).isEqualTo("/problems/invalid-geometry");
    assertThat(problem.get("reason").asText()).contains("Self-intersection");
    assertThat(problem.get("repaired").get("type").asText()).isEqualTo("MultiPolygon");
    assertThat(expect(200, "GET", "/api/change-sets/" + cs, "bureau", null).get("edits")).isEmpty();
  }

  /** A new parcel of this shape added to the draft at path: the answer's problem type, if any. */
  private String added(String path, int status, JsonNode shape) throws Exception {
    JsonNode answer =
        expect(
            status,
            "POST",
            path,
            "bureau",
            edit(PARCEL, "create", null, null, shape, parcelAttributes()));
    return answer.path("type").asText();
  }

  @Test
  void shapesOutsideFoshanInUnknownCrsOrOfSillySizeAreRefused() throws Exception {
    long cs = draft("bureau", "bad shapes");
    String path = "/api/change-sets/" + cs + "/edits";
    JsonNode guangzhou =
        shape(
            "ST_GeomFromText('POLYGON((113.50 23.10, 113.51 23.10, 113.51 23.11, 113.50 23.10))', 4490)");
    assertThat(added(path, 422, guangzhou)).isEqualTo("/problems/outside-foshan");
    // across the city's edge, at its southernmost point: by 30 m (within the districts' 0.001°
    // tolerance) it may be, by 400 m not
    String south =
        "(SELECT (x.dp).geom FROM (SELECT ST_DumpPoints(geom) AS dp FROM district) x"
            + " ORDER BY ST_Y((x.dp).geom) LIMIT 1)";
    added(path, 201, shape("ST_Buffer(" + south + ", 0.0003, 'quad_segs=2')"));
    assertThat(added(path, 422, shape("ST_Buffer(" + south + ", 0.004, 'quad_segs=2')")))
        .isEqualTo("/problems/outside-foshan");
    // a parcel in Gauss–Krüger metres, sent without saying so: never guessed
    long parcelId = jdbc.sql("SELECT min(id) FROM parcel").query(Long.class).single();
    JsonNode metres =
        shape(
            "SELECT ST_Transform(ST_Translate(geom, 0.02, 0), 4547) FROM parcel WHERE id = :id",
            "id",
            parcelId);
    // PostGIS names the CRS in a crs member, which would be honoured: sent without it
    ((tools.jackson.databind.node.ObjectNode) metres).remove("crs");
    assertThat(added(path, 422, metres)).isEqualTo("/problems/unknown-crs");
    Map<String, Object> stated = edit(PARCEL, "create", null, null, metres, parcelAttributes());
    stated.put("crs", "EPSG:4547");
    expect(201, "POST", path, "bureau", stated);
    Map<String, Object> unknown = edit(PARCEL, "create", null, null, guangzhou, parcelAttributes());
    unknown.put("crs", "EPSG:3857");
    assertThat(expect(400, "POST", path, "bureau", unknown).get("type").asText())
        .isEqualTo("/problems/unsupported-crs");
    JsonNode tiny =
        shape(
            "ST_GeomFromText('POLYGON((113.05 23.05, 113.050005 23.05, 113.05 23.050005, 113.05 23.05))', 4490)");
    assertThat(added(path, 422, tiny))
        .isIn("/problems/implausible-size", "/problems/outside-foshan");
    JsonNode point = shape("ST_GeomFromText('POINT(113.05 23.05)', 4490)");
    assertThat(added(path, 422, point)).isEqualTo("/problems/not-a-polygon");
  }

  @Test
  void attributesAreCheckedAllAtOnce() throws Exception {
    long cs = draft("bureau", "bad attributes");
    long parcelId = jdbc.sql("SELECT min(id) FROM parcel").query(Long.class).single();
    JsonNode somewhere =
        shape("SELECT ST_Translate(geom, 0, 0.05) FROM parcel WHERE id = :id", "id", parcelId);
    JsonNode problem =
        expect(
            422,
            "POST",
            "/api/change-sets/" + cs + "/edits",
            "bureau",
            edit(
                PARCEL,
                "create",
                null,
                null,
                somewhere,
                Map.of("landUse", "9999", "colour", "red")));
    assertThat(problem.get("type").asText()).isEqualTo("/problems/invalid-attributes");
    assertThat(problem.get("errors").toString())
        .contains("landUse", "colour", "grantedOn", "grantType");
  }

  @Test
  void aParcelOverlappingAnotherIsRefusedWithTheOverlapAndOneThatOnlyTouchesIsNot()
      throws Exception {
    long target =
        jdbc.sql("SELECT id FROM parcel ORDER BY id OFFSET 10 LIMIT 1").query(Long.class).single();
    long cs = draft("bureau", "overlap");
    JsonNode overlapping =
        shape(
            "SELECT ST_Buffer(ST_PointOnSurface(geom), 0.0002) FROM parcel WHERE id = :id",
            "id",
            target);
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "bureau",
        edit(PARCEL, "create", null, null, overlapping, parcelAttributes()));
    JsonNode refused = preview(cs);
    assertThat(refused.get("valid").asBoolean()).isFalse();
    JsonNode overlap = refused.at("/effects/violations/0");
    assertThat(overlap.get("rule").asText()).isEqualTo("overlap");
    assertThat(overlap.get("otherId").asLong()).isEqualTo(target);
    assertThat(overlap.get("geometry").get("type").asText()).isIn("Polygon", "MultiPolygon");
    assertThat(
            expect(422, "POST", "/api/change-sets/" + cs + "/commit", "bureau", null)
                .get("type")
                .asText())
        .isEqualTo("/problems/rule-violation");

    // a ring 2 m wide around the parcel touches it all along, and overlaps nothing
    long cs2 = draft("bureau", "touching");
    JsonNode touching =
        shape(
            "SELECT ST_Difference(ST_Buffer(geom, 0.00002, 'join=mitre'), geom) FROM parcel WHERE id = :id",
            "id",
            target);
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs2 + "/edits",
        "bureau",
        edit(PARCEL, "create", null, null, touching, parcelAttributes()));
    assertThat(rules(preview(cs2))).isEmpty();
  }

  @Test
  void redLineMustLieInItsClusterAndReserveLandInTheRedLine() throws Exception {
    // a red-line polygon grown by 800 m: out of its cluster
    Map<String, Object> r =
        jdbc.sql(
                "SELECT r.id, r.version FROM red_line r WHERE NOT EXISTS (SELECT 1 FROM reserve_land s WHERE s.geom && r.geom)"
                    + " ORDER BY r.area_m2 LIMIT 1")
            .query()
            .singleRow();
    long id = ((Number) r.get("id")).longValue();
    long cs = draft("bureau", "red line out of its cluster");
    JsonNode moved = shape("SELECT ST_Buffer(geom, 0.008) FROM red_line WHERE id = :id", "id", id);
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "bureau",
        edit("red_line", "update", id, ((Number) r.get("version")).intValue(), moved, Map.of()));
    assertThat(rules(preview(cs))).contains("contained");

    // inside its cluster: fine (shrunk by 20 m)
    long cs2 = draft("bureau", "red line within its cluster");
    JsonNode shrunk =
        shape(
            "SELECT ST_Buffer(geom, -0.0002, 'join=mitre') FROM red_line WHERE id = :id", "id", id);
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs2 + "/edits",
        "bureau",
        edit("red_line", "update", id, ((Number) r.get("version")).intValue(), shrunk, Map.of()));
    assertThat(rules(preview(cs2))).doesNotContain("contained", "overlap");

    // reserve land grown by 1 km, out of the red line
    long reserve = jdbc.sql("SELECT min(id) FROM reserve_land").query(Long.class).single();
    long cs3 = draft("bureau", "reserve out of the red line");
    JsonNode out =
        shape("SELECT ST_Buffer(geom, 0.01) FROM reserve_land WHERE id = :id", "id", reserve);
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs3 + "/edits",
        "bureau",
        edit("reserve_land", "update", reserve, version("reserve_land", reserve), out, Map.of()));
    assertThat(rules(preview(cs3))).contains("contained");
  }

  @Test
  void aParcelMayCrossItsDistrictBoundaryByUnder100MetresButNoMore() throws Exception {
    // a point on 禅城's boundary, far from any parcel
    String onBoundary =
        "(SELECT p FROM (SELECT (ST_DumpPoints(ST_Boundary(geom))).geom AS p FROM district WHERE code = '440604') b"
            + " ORDER BY (SELECT min(ST_Distance(p, x.geom)) FROM parcel x) DESC NULLS LAST LIMIT 1)";
    long cs = draft("bureau", "across the district boundary");
    JsonNode across = shape("ST_Buffer(" + onBoundary + ", 0.0003, 'quad_segs=2')");
    Map<String, Object> attributes = new java.util.HashMap<>(parcelAttributes());
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "bureau",
        edit(PARCEL, "create", null, null, across, attributes));
    assertThat(rules(preview(cs))).isEmpty();

    long cs2 = draft("bureau", "in another district");
    attributes.put("districtCode", "440608"); // 高明, far away
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs2 + "/edits",
        "bureau",
        edit(PARCEL, "create", null, null, across, attributes));
    assertThat(rules(preview(cs2))).contains("contained");
  }

  /**
   * Whether a shape lies in its district is answered from small pieces of the district's tolerance
   * area first (V76), and must answer as the whole area does: for shapes on the districts'
   * boundaries, inside them and across them by less and more than the tolerance, in the district
   * and in a neighbour, and for shapes on the cuts between the pieces (covered by no single piece).
   */
  @Test
  void aShapeLiesInItsDistrictByThePiecesExactlyWhenByTheWholeArea() {
    String shapes =
        "WITH shapes AS ("
            // on every 25th vertex of each boundary, of four sizes, checked against each district
            + " SELECT ST_Buffer(b.p, r, 'quad_segs=2') AS g FROM district d"
            + " CROSS JOIN LATERAL (SELECT (x).geom AS p, (x).path AS path"
            + "   FROM ST_DumpPoints(ST_Boundary(d.geom)) x) b"
            + " CROSS JOIN unnest(ARRAY[0.0003, 0.0008, 0.0015, 0.004]) r"
            + " WHERE b.path[array_length(b.path, 1)] % 25 = 0"
            + " UNION ALL"
            // on every 15th vertex of the pieces: most lie on a cut between two pieces
            + " SELECT ST_Buffer(v.p, 0.0004, 'quad_segs=2') FROM district_tolerance_piece t"
            + " CROSS JOIN LATERAL (SELECT (x).geom AS p, (x).path AS path"
            + "   FROM ST_DumpPoints(t.geom) x) v"
            + " WHERE v.path[array_length(v.path, 1)] % 15 = 0),"
            + " answers AS (SELECT d.code, s.g, in_district_tolerance(d.code, s.g) AS pieces,"
            + "   ST_Covers(d.tolerance_geom, s.g) AS whole,"
            + "   EXISTS (SELECT 1 FROM district_tolerance_piece t WHERE t.code = d.code"
            + "     AND ST_Covers(t.geom, s.g)) AS one_piece"
            + "   FROM shapes s JOIN district d ON d.tolerance_geom && s.g)";
    // one pass over the shapes: those answered differently (the first five), and how many of
    // each kind there were
    Map<String, Object> answers =
        jdbc.sql(
                shapes
                    + " SELECT array_to_string((array_agg(code || ' ' || ST_AsText(g))"
                    + "   FILTER (WHERE pieces IS DISTINCT FROM whole))[1:5], '; ') AS differing,"
                    + " count(*) FILTER (WHERE one_piece) AS in_one_piece,"
                    + " count(*) FILTER (WHERE whole AND NOT one_piece) AS across_pieces,"
                    + " count(*) FILTER (WHERE NOT whole) AS outside FROM answers")
            .query()
            .singleRow();
    assertThat((String) answers.get("differing")).isNull();
    // every kind of answer was asked for, the whole area's own answer included
    assertThat(((Number) answers.get("in_one_piece")).longValue()).isGreaterThan(50);
    assertThat(((Number) answers.get("across_pieces")).longValue()).isGreaterThan(50);
    assertThat(((Number) answers.get("outside")).longValue()).isGreaterThan(50);
  }

  /** A red-line polygon of a district with no reserve land in it (so it may shrink). */
  private Map<String, Object> redLineOf(String district, int rank) {
    return jdbc.sql(
            "SELECT r.id, r.version, r.area_m2 FROM red_line r WHERE r.district_code = :d"
                + " AND NOT EXISTS (SELECT 1 FROM reserve_land s WHERE s.geom && r.geom)"
                + " ORDER BY r.area_m2 DESC OFFSET :rank LIMIT 1")
        .param("d", district)
        .param("rank", rank)
        .query()
        .singleRow();
  }

  private JsonNode figures(JsonNode preview, String district) {
    for (JsonNode d : preview.at("/effects/redLine")) {
      if (d.get("code").asText().equals(district)) {
        return d;
      }
    }
    throw new AssertionError("no figures for " + district);
  }

  @Test
  void takingRedLineOutOfADistrictAtItsFloorBreaksItsMinimumAndTheBalance() throws Exception {
    Map<String, Object> r = redLineOf("440604", 0);
    long cs = draft("bureau", "禅城 red line out");
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "bureau",
        edit(
            "red_line",
            "delete",
            ((Number) r.get("id")).longValue(),
            ((Number) r.get("version")).intValue(),
            null,
            null));
    JsonNode preview = preview(cs);
    assertThat(rules(preview)).contains("minimum", "balance");
    JsonNode chancheng = figures(preview, "440604");
    assertThat(chancheng.get("afterKm2").asDouble()).isLessThan(21.0);
    assertThat(chancheng.get("deltaKm2").asDouble()).isNegative();
    assertThat(preview.at("/effects/cityAfterKm2").asDouble())
        .isLessThan(preview.at("/effects/cityBeforeKm2").asDouble());
    assertThat(
            expect(422, "POST", "/api/change-sets/" + cs + "/commit", "bureau", null)
                .get("detail")
                .asText())
        .contains("以增定改", "下限");
  }

  @Test
  void areaTakenOutMustBePutBackAndMayBePutBackInAnotherDistrict() throws Exception {
    Map<String, Object> nanhai = redLineOf("440605", 3);
    long nanhaiId = ((Number) nanhai.get("id")).longValue();
    JsonNode shrunk =
        shape(
            "SELECT ST_Buffer(geom, -0.0004, 'join=mitre') FROM red_line WHERE id = :id",
            "id",
            nanhaiId);

    // out only: 以增定改 is broken, though 南海 stays far above its minimum
    long cs = draft("bureau", "南海 shrinks");
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "bureau",
        edit(
            "red_line",
            "update",
            nanhaiId,
            ((Number) nanhai.get("version")).intValue(),
            shrunk,
            Map.of()));
    assertThat(rules(preview(cs))).containsExactly("balance");

    // out of 南海, more put into 顺德 (跨区平衡): fine
    Map<String, Object> shunde = redLineOf("440606", 2);
    long shundeId = ((Number) shunde.get("id")).longValue();
    JsonNode grown =
        shape(
            "SELECT ST_Multi(ST_CollectionExtract(ST_Difference(ST_Intersection(ST_Buffer(r.geom, 0.002, 'join=mitre'), ST_Intersection(ST_Buffer(c.geom, -0.0001), ST_Buffer(d.geom, -0.0001))),"
                + " coalesce((SELECT ST_Union(o.geom) FROM red_line o WHERE o.id <> r.id AND o.geom && ST_Buffer(r.geom, 0.003)), 'SRID=4490;POLYGON EMPTY'::geometry)), 3))"
                + " FROM red_line r JOIN industrial_cluster c ON c.id = r.cluster_id JOIN district d ON d.code = r.district_code WHERE r.id = :id",
            "id",
            shundeId);
    long cs2 = draft("bureau", "南海 out, 顺德 in");
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs2 + "/edits",
        "bureau",
        edit(
            "red_line",
            "update",
            nanhaiId,
            ((Number) nanhai.get("version")).intValue(),
            shrunk,
            Map.of()));
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs2 + "/edits",
        "bureau",
        edit(
            "red_line",
            "update",
            shundeId,
            ((Number) shunde.get("version")).intValue(),
            grown,
            Map.of()));
    JsonNode preview = preview(cs2);
    assertThat(rules(preview)).isEmpty();
    assertThat(figures(preview, "440605").get("deltaKm2").asDouble()).isNegative();
    assertThat(figures(preview, "440606").get("deltaKm2").asDouble())
        .isGreaterThan(-figures(preview, "440605").get("deltaKm2").asDouble());
    assertThat(preview.at("/effects/clusters")).isNotEmpty();
  }

  /**
   * What bypasses the service (psql, a script, a future import) meets the same rules: the database
   * checks every change set when its transaction commits, and keeps nothing it refuses.
   */
  @Test
  void theDatabaseItselfRefusesWritesThatBreakTheRules() throws Exception {
    long parcel =
        jdbc.sql("SELECT id FROM parcel ORDER BY id OFFSET 40 LIMIT 1").query(Long.class).single();
    long neighbour =
        jdbc.sql(
                "SELECT o.id FROM parcel p JOIN parcel o ON o.id <> p.id"
                    + " AND ST_DWithin(o.geom, p.geom, 0.002) WHERE p.id = :id ORDER BY o.id LIMIT 1")
            .param("id", parcel)
            .query(Long.class)
            .single();
    String cluster =
        jdbc.sql("SELECT code FROM industrial_cluster ORDER BY code DESC LIMIT 1")
            .query(String.class)
            .single();

    // a parcel stretched over its neighbour, in a committed change set: refused at commit
    assertThat(
            refusedAtCommit(
                "COMMITTED",
                "UPDATE parcel SET change_set_id = :cs, geom = ST_Multi(ST_Union(geom,"
                    + " (SELECT ST_Buffer(geom, -0.00001) FROM parcel WHERE id = "
                    + neighbour
                    + "))) WHERE id = "
                    + parcel))
        .contains("重叠", "overlaps");
    // a write in a change set that is not committed (a draft): refused, whatever it does
    assertThat(
            refusedAtCommit(
                "DRAFT",
                "UPDATE parcel SET change_set_id = :cs, floor_area_m2 = 1 WHERE id = " + parcel))
        .contains("not committed");
    // a cluster moved 50 km east, out of Foshan
    assertThat(
            refusedAtCommit(
                "COMMITTED",
                "UPDATE industrial_cluster SET change_set_id = :cs, geom = ST_Translate(geom, 0.5, 0)"
                    + " WHERE code = '"
                    + cluster
                    + "'"))
        .contains("reaches outside Foshan");

    // and nothing of it was kept
    assertThat(
            jdbc.sql("SELECT count(*) FROM parcel WHERE id = :id AND floor_area_m2 = 1")
                .param("id", parcel)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM parcel p JOIN parcel o ON o.id = :o AND p.id = :p"
                        + " AND ST_Relate(p.geom, o.geom, '2********')")
                .param("p", parcel)
                .param("o", neighbour)
                .query(Long.class)
                .single())
        .isZero();
  }

  /**
   * A change set of a few features is checked by statements planned once a session (V72), a large
   * one by statements planned for its size: both find what V52's check found, in its order. Here
   * with overlaps and features outside their districts in two layers, first in a change set of
   * three features, then in one of more than small_change_set_features().
   */
  @Test
  void aSmallChangeSetMeetsTheSameRulesAsALargeOne() throws SQLException {
    long parcel =
        jdbc.sql("SELECT id FROM parcel ORDER BY id OFFSET 40 LIMIT 1").query(Long.class).single();
    String breaks =
        "UPDATE parcel SET change_set_id = :cs, geom = ST_Multi(ST_Union(geom, (SELECT"
            + " ST_Buffer(o.geom, -0.00001) FROM parcel o WHERE o.id <> parcel.id AND"
            + " ST_DWithin(o.geom, parcel.geom, 0.002) ORDER BY o.id LIMIT 1))) WHERE id = "
            + parcel
            + "; UPDATE parcel SET change_set_id = :cs, district_code = (SELECT min(code) FROM"
            + " district WHERE code <> parcel.district_code) WHERE id = (SELECT id FROM parcel"
            + " ORDER BY id OFFSET 80 LIMIT 1); UPDATE red_line SET change_set_id = :cs,"
            + " district_code = (SELECT min(code) FROM district WHERE code <> red_line.district_code)"
            + " WHERE id = (SELECT min(id) FROM red_line)";
    long parcels = jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single();
    int small = jdbc.sql("SELECT small_change_set_features()").query(Integer.class).single();
    assertThat(parcels)
        .as("the test city has enough parcels for a large change set")
        .isGreaterThan(small + 100);
    String many =
        "; UPDATE parcel SET change_set_id = :cs, floor_area_m2 = coalesce(floor_area_m2, 0) + 1"
            + " WHERE id IN (SELECT id FROM parcel ORDER BY id DESC LIMIT "
            + (small + 1)
            + ")";

    for (String write : List.of(breaks, breaks + many)) {
      try (Connection c = TestDatabase.connect(SCHEMA)) {
        c.setAutoCommit(false);
        try (var st = c.createStatement()) {
          long cs;
          try (var rs =
              st.executeQuery(
                  "INSERT INTO change_set (author, reason, status, committed_at) VALUES ('psql',"
                      + " 'rules of any size', 'COMMITTED', now()) RETURNING id")) {
            rs.next();
            cs = rs.getLong(1);
          }
          st.execute(write.replace(":cs", Long.toString(cs)));
          String row =
              "rule || ' ' || layer || ' ' || feature_id || ' ' || coalesce(other_id, 0) || ' ' || message";
          List<String> found =
              strings(st, "SELECT " + row + " FROM check_change_set(" + cs + ", false)");
          List<String> planned =
              strings(
                  st,
                  "SELECT "
                      + row
                      + " FROM (SELECT * FROM check_overlaps("
                      + cs
                      + ", change_set_layers("
                      + cs
                      + ")) UNION ALL SELECT * FROM check_in_district("
                      + cs
                      + ", change_set_layers("
                      + cs
                      + ")) UNION ALL SELECT * FROM check_containment("
                      + cs
                      + ") UNION ALL SELECT * FROM check_zoning("
                      + cs
                      + ") UNION ALL SELECT * FROM check_red_line_quota("
                      + cs
                      + ", false)) v");
          assertThat(found).isEqualTo(planned);
          assertThat(found)
              .anyMatch(v -> v.startsWith("overlap parcel " + parcel + " "))
              .anyMatch(v -> v.startsWith("contained parcel "))
              .anyMatch(v -> v.startsWith("contained red_line "));
          // which statements checked it: the features' ids for a small change set, none for a large
          // one
          assertThat(
                  strings(
                      st,
                      "SELECT layer || ' ' || coalesce(cardinality(ids)::text, 'many') FROM change_set_written("
                          + cs
                          + ")"))
              .containsExactly(write.equals(breaks) ? "parcel 2" : "parcel many", "red_line 1");
        }
        c.rollback();
      }
    }
  }

  private static List<String> strings(java.sql.Statement st, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (var rs = st.executeQuery(query)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }

  /**
   * Runs the write in a change set of that status and commits: the database's message, and every
   * rule the change set breaks.
   */
  private static String refusedAtCommit(String status, String write) throws SQLException {
    try (Connection c = TestDatabase.connect(SCHEMA)) {
      c.setAutoCommit(false);
      long cs;
      try (var st =
          c.prepareStatement(
              "INSERT INTO change_set (author, reason, status, committed_at) VALUES ('psql',"
                  + " 'outside the service', ?, CASE WHEN ? = 'COMMITTED' THEN now() END) RETURNING id")) {
        st.setString(1, status);
        st.setString(2, status);
        try (var rs = st.executeQuery()) {
          rs.next();
          cs = rs.getLong(1);
        }
      }
      String broken;
      try (var st = c.createStatement()) {
        assertThat(st.executeUpdate(write.replace(":cs", Long.toString(cs)))).isEqualTo(1);
        try (var rs =
            st.executeQuery(
                "SELECT string_agg(message, '; ') FROM check_change_set(" + cs + ", false)")) {
          rs.next();
          broken = rs.getString(1);
        }
      }
      Throwable thrown = catchThrowable(c::commit);
      assertThat(thrown).as("the commit is refused").isInstanceOf(SQLException.class);
      assertThat(((SQLException) thrown).getSQLState()).isEqualTo("23514"); // check_violation
      // the database names the first rule broken; all of them, as the service lists them
      return thrown.getMessage() + " / " + broken;
    }
  }
}
