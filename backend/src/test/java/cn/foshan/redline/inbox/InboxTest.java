package cn.foshan.redline.inbox;

import static cn.foshan.redline.TestDatabase.refused;
import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The inbox (V48): the database writes a message to a proposal's author when the bureau approves or
 * rejects it, through the API and by SQL alike; each account reads and marks read only its own
 * messages, over HTTP and in SQL. Also the quota's pending proposals and the compliance statement's
 * access rule.
 *
 * <p>Without V48's trigger no message appears (the first assertions fail); without its row-level
 * security the SQL reads of another account's message find it (notForOthers fails).
 */
class InboxTest extends EditingTest {

  private long parcelOf(String district, int rank) {
    return jdbc.sql("SELECT id FROM parcel WHERE district_code = :d ORDER BY id OFFSET :r LIMIT 1")
        .param("d", district)
        .param("r", rank)
        .query(Long.class)
        .single();
  }

  /** A proposal of this officer that changes nothing (a parcel's floor area set to its own). */
  private long proposal(String officer, String district, int rank, String reason) throws Exception {
    long parcel = parcelOf(district, rank);
    JsonNode f = feature("parcel", parcel);
    double floor = f.at("/properties/floorAreaM2").asDouble(1000);
    long cs = draft(officer, reason);
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        officer,
        edit(
            "parcel",
            "update",
            parcel,
            f.at("/properties/version").asInt(),
            null,
            Map.of("floorAreaM2", floor)));
    expect(200, "POST", "/api/change-sets/" + cs + "/submit", officer, null);
    return cs;
  }

  private JsonNode messageOf(String user, long changeSet) throws Exception {
    JsonNode inbox = expect(200, "GET", "/api/inbox?limit=100", user, null);
    for (JsonNode m : inbox.get("items")) {
      if (m.get("changeSetId").asLong() == changeSet) {
        return m;
      }
    }
    return null;
  }

  private static long count(Connection c, String sql, long id) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      st.setLong(1, id);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void aRejectionReachesTheOfficerWithItsReasonAndOnlyThem() throws Exception {
    long unreadBefore = expect(200, "GET", "/api/inbox", "chancheng", null).get("unread").asLong();
    long cs = proposal("chancheng", "440604", 61, "禅城 inbox rejected");
    assertThat(messageOf("chancheng", cs)).isNull(); // submitting tells nobody
    expect(
        200,
        "POST",
        "/api/change-sets/" + cs + "/reject",
        "bureau",
        Map.of("comment", "缺少批文 the approval document is missing"));

    JsonNode inbox = expect(200, "GET", "/api/inbox", "chancheng", null);
    assertThat(inbox.get("unread").asLong()).isEqualTo(unreadBefore + 1);
    JsonNode m = inbox.get("items").get(0); // newest first
    assertThat(m.get("changeSetId").asLong()).isEqualTo(cs);
    assertThat(m.get("kind").asText()).isEqualTo("REJECTED");
    assertThat(m.get("comment").asText()).isEqualTo("缺少批文 the approval document is missing");
    assertThat(m.get("reviewedBy").asText()).isEqualTo("bureau");
    assertThat(m.get("reason").asText()).isEqualTo("禅城 inbox rejected");
    assertThat(m.get("districtName").asText()).isEqualTo("禅城区");
    assertThat(m.get("readAt").isNull()).isTrue();
    assertThat(m.get("bbox")).hasSize(4);
    long id = m.get("id").asLong();

    // nobody else sees it or marks it read
    assertThat(messageOf("nanhai", cs)).isNull();
    assertThat(messageOf("bureau", cs)).isNull();
    expect(404, "POST", "/api/inbox/" + id + "/read", "nanhai", null);
    expect(401, "GET", "/api/inbox", null, null);
    expect(401, "POST", "/api/inbox/" + id + "/read", null, null);
    assertThat(messageOf("chancheng", cs).get("readAt").isNull()).isTrue();

    // its owner does
    JsonNode marked = expect(200, "POST", "/api/inbox/" + id + "/read", "chancheng", null);
    assertThat(marked.get("unread").asLong()).isEqualTo(unreadBefore);
    assertThat(messageOf("chancheng", cs).get("readAt").isNull()).isFalse();
  }

  @Test
  void anApprovalReachesTheOfficerAndReadAllClearsTheCount() throws Exception {
    long cs = proposal("nanhai", "440605", 61, "南海 inbox approved");
    expect(200, "POST", "/api/change-sets/" + cs + "/approve", "bureau", Map.of("comment", "同意"));
    JsonNode m = messageOf("nanhai", cs);
    assertThat(m.get("kind").asText()).isEqualTo("APPROVED");
    assertThat(m.get("comment").asText()).isEqualTo("同意");
    JsonNode all = expect(200, "POST", "/api/inbox/read-all", "nanhai", null);
    assertThat(all.get("marked").asInt()).isPositive();
    assertThat(all.get("unread").asLong()).isZero();
    assertThat(expect(200, "GET", "/api/inbox", "nanhai", null).get("unread").asLong()).isZero();
    // paging is bounded
    expect(400, "GET", "/api/inbox?limit=0", "nanhai", null);
    expect(400, "GET", "/api/inbox?limit=101", "nanhai", null);
    expect(400, "GET", "/api/inbox?offset=-1", "nanhai", null);
    // an inbox is read from its newest end: no page starts deeper than 10,000
    JsonNode deep = expect(400, "GET", "/api/inbox?offset=10001", "nanhai", null);
    assertThat(deep.get("detail").asText())
        .startsWith("每页行数 limit 应为 1 到 100，起始位置 offset 应为 0 到 10000");
    expect(200, "GET", "/api/inbox?offset=10000", "nanhai", null);
  }

  @Test
  void aRejectionBySqlIsToldTooAndSqlReadsOnlyOnesOwn() throws Exception {
    long cs = proposal("shunde", "440606", 61, "顺德 rejected in psql");
    // the bureau rejects in psql (the service's login acting for it, as ./redline user sql does
    // for a person's own login): the database writes the message all the same
    try (Connection bureau = TestDatabase.actingFor(SCHEMA, "bureau");
        PreparedStatement st =
            bureau.prepareStatement(
                "UPDATE change_set SET status = 'REJECTED', review_comment = '在 psql 中退回'"
                    + " WHERE id = ?")) {
      st.setLong(1, cs);
      assertThat(st.executeUpdate()).isEqualTo(1);
    }
    JsonNode m = messageOf("shunde", cs);
    assertThat(m.get("kind").asText()).isEqualTo("REJECTED");
    assertThat(m.get("comment").asText()).isEqualTo("在 psql 中退回");
    assertThat(m.get("reviewedBy").asText()).isEqualTo("bureau");
    long id = m.get("id").asLong();

    String read = "SELECT count(*) FROM notification WHERE id = ?";
    try (Connection owner = TestDatabase.actingFor(SCHEMA, "shunde");
        Connection other = TestDatabase.actingFor(SCHEMA, "nanhai");
        Connection bureau = TestDatabase.actingFor(SCHEMA, "bureau")) {
      assertThat(count(owner, read, id)).isEqualTo(1);
      assertThat(count(other, read, id)).isZero();
      assertThat(count(bureau, read, id)).isZero();
      try (PreparedStatement st =
          other.prepareStatement("UPDATE notification SET read_at = now() WHERE id = ?")) {
        st.setLong(1, id);
        assertThat(st.executeUpdate()).isZero(); // not theirs: not even found
      }
      // nobody writes messages, or changes what they say
      refused(
          owner,
          "INSERT INTO notification (recipient, kind, change_set_id) VALUES ('shunde', 'APPROVED', "
              + cs
              + ")",
          "permission denied");
      refused(owner, "UPDATE notification SET comment = 'x' WHERE id = " + id, "permission denied");
      refused(owner, "DELETE FROM notification WHERE id = " + id, "permission denied");
      try (PreparedStatement st =
          owner.prepareStatement("UPDATE notification SET read_at = now() WHERE id = ?")) {
        st.setLong(1, id);
        assertThat(st.executeUpdate()).isEqualTo(1);
      }
    }
    assertThat(messageOf("shunde", cs).get("readAt").isNull()).isFalse();
  }

  @Test
  void pendingProposalsShowTheirEffectOnTheMarginUntilDecided() throws Exception {
    JsonNode before = district(expect(200, "GET", "/api/quota", null, null), "440608");
    // one of 高明's red line, grown a little inside its cluster and district (as ReviewFlowTest
    // grows 三水's): a proposal that puts red line in, allowed
    long redLine =
        jdbc.sql(
                "SELECT r.id FROM red_line r WHERE r.district_code = '440608'"
                    + " AND NOT EXISTS (SELECT 1 FROM reserve_land s WHERE s.geom && r.geom)"
                    + " ORDER BY r.id LIMIT 1")
            .query(Long.class)
            .single();
    String grownSql =
        "SELECT ST_Multi(ST_CollectionExtract(ST_Difference(ST_Intersection(ST_Buffer(r.geom, 0.001,"
            + " 'join=mitre'), ST_Intersection(ST_Buffer(c.geom, -0.0001), ST_Buffer(d.geom,"
            + " -0.0001))), coalesce((SELECT ST_Union(o.geom) FROM red_line o WHERE o.id <> r.id"
            + " AND o.geom && ST_Buffer(r.geom, 0.002)), 'SRID=4490;POLYGON EMPTY'::geometry)), 3))"
            + " FROM red_line r JOIN industrial_cluster c ON c.id = r.cluster_id"
            + " JOIN district d ON d.code = r.district_code WHERE r.id = :id";
    JsonNode grown = shape(grownSql, "id", redLine);
    // the change if approved: the grown shape's ellipsoidal area less the feature's, in m²
    double m2 =
        jdbc.sql(
                "SELECT ST_Area(g::geography) - (SELECT ST_Area(geom::geography) FROM red_line"
                    + " WHERE id = :id) FROM ("
                    + grownSql
                    + ") s(g)")
            .param("id", redLine)
            .query(Double.class)
            .single();
    assertThat(m2).isPositive();
    long cs = draft("gaoming", "高明 proposes to put in red line");
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "gaoming",
        edit("red_line", "update", redLine, version("red_line", redLine), grown, Map.of()));
    expect(200, "POST", "/api/change-sets/" + cs + "/submit", "gaoming", null);

    // if approved, the margin grows by that area (m² / 1e6 km², m² / 666.67 mu); the red line
    // itself not yet (10 m² allowed for the shape's round trip through GeoJSON)
    JsonNode pending = district(expect(200, "GET", "/api/quota", null, null), "440608");
    assertThat(pending.get("redLineKm2").asDouble()).isEqualTo(before.get("redLineKm2").asDouble());
    assertThat(pending.get("pendingProposals").asInt())
        .isEqualTo(before.get("pendingProposals").asInt() + 1);
    assertThat(pending.get("pendingDeltaKm2").asDouble())
        .isCloseTo(before.get("pendingDeltaKm2").asDouble() + m2 / 1e6, within(1e-5));
    assertThat(pending.get("marginIfApprovedKm2").asDouble())
        .isCloseTo(
            pending.get("marginKm2").asDouble() + pending.get("pendingDeltaKm2").asDouble(),
            within(2e-6));
    assertThat(pending.get("marginIfApprovedMu").asDouble())
        .isCloseTo(pending.get("marginIfApprovedKm2").asDouble() * 1500, within(0.01));
    assertThat(pending.get("marginMu").asDouble())
        .isCloseTo(pending.get("marginKm2").asDouble() * 1500, within(0.01));

    // the statement lists it, for 高明's officer and the bureau; not for another district
    JsonNode statement =
        expect(200, "GET", "/api/quota/districts/440608/statement", "gaoming", null);
    assertThat(statement.at("/district/marginKm2").asDouble())
        .isEqualTo(pending.get("marginKm2").asDouble());
    boolean listed = false;
    for (JsonNode p : statement.get("pendingProposals")) {
      if (p.get("id").asLong() == cs) {
        listed = true;
        assertThat(p.get("deltaKm2").asDouble()).isCloseTo(m2 / 1e6, within(1e-5));
      }
    }
    assertThat(listed).isTrue();
    expect(200, "GET", "/api/quota/districts/440608/statement", "bureau", null);
    expect(403, "GET", "/api/quota/districts/440608/statement", "chancheng", null);
    expect(403, "GET", "/api/quota/districts/440608/statement", "planner", null);
    expect(401, "GET", "/api/quota/districts/440608/statement", null, null);
    expect(404, "GET", "/api/quota/districts/440699/statement", "bureau", null);

    // rejected: no longer pending; the city as found
    expect(200, "POST", "/api/change-sets/" + cs + "/reject", "bureau", Map.of("comment", "不予调入"));
    JsonNode after = district(expect(200, "GET", "/api/quota", null, null), "440608");
    assertThat(after.get("pendingProposals").asInt())
        .isEqualTo(before.get("pendingProposals").asInt());
    assertThat(after.get("marginIfApprovedKm2").asDouble())
        .isEqualTo(before.get("marginIfApprovedKm2").asDouble());
  }

  private static JsonNode district(JsonNode quota, String code) {
    for (JsonNode d : quota.get("districts")) {
      if (d.get("code").asText().equals(code)) {
        return d;
      }
    }
    throw new AssertionError("no district " + code);
  }

  private static org.assertj.core.data.Offset<Double> within(double tolerance) {
    return org.assertj.core.data.Offset.offset(tolerance);
  }
}
