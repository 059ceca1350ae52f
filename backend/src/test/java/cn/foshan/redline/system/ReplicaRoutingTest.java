package cn.foshan.redline.system;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Eventually;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.JsonNode;

/**
 * Reads on a real streaming replica of the test cluster ({@link StreamingReplica}): tiles, OGC
 * items, dashboards and exports are served by it (seen in its own pg_stat_activity, and in data it
 * has not replayed yet); an editor sees their own commit at once while others see the replica's
 * older data until it replays; a replica further behind than the bound is skipped; a replica
 * stopped in the middle changes nothing for users.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaRoutingTest {

  private static final String SCHEMA = TestDatabase.schema("replicas");

  private static StreamingReplica replica;

  @LocalServerPort int port;
  @Autowired ReadRouting routing;
  @Autowired OwnerDatabase owner;
  @Autowired DataSource primary;
  @Autowired JdbcClient primaryJdbc;
  @Autowired PlatformTransactionManager transactions;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws Exception {
    TestDatabase.register(registry, SCHEMA);
    registry.add("redline.demo.enabled", () -> "true");
    registry.add("redline.demo.parcels", () -> "2000");
    replica = StreamingReplica.start();
    registry.add("redline.db.read-urls", () -> replica.url(TestDatabase.url(SCHEMA)));
    // generous here (replay is paused for a moment below); the bound has a test of its own
    registry.add("redline.db.read-max-lag", () -> "60s");
    registry.add("redline.db.read-check-interval", () -> "200ms");
    registry.add("redline.db.read-connect-timeout", () -> "500ms");
  }

  @AfterAll
  static void removeReplica() {
    if (replica != null) {
      replica.close();
    }
  }

  private ServiceClient client() {
    return new ServiceClient(port);
  }

  private HttpResponse<byte[]> get(String path, String user) throws Exception {
    HttpResponse<byte[]> response = client().send("GET", path, user, null);
    assertThat(response.statusCode())
        .as("GET %s as %s: %s", path, user, new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    return response;
  }

  /**
   * The first line of a SQL file: how its statements start in pg_stat_activity ("COMMIT" as is: a
   * read in a read-only transaction, a cursor's, leaves that last).
   */
  private static String head(String sqlFile) {
    if (sqlFile.equals("COMMIT")) {
      return sqlFile;
    }
    String first = SqlFiles.text(sqlFile).lines().findFirst().orElseThrow();
    return first.substring(0, Math.min(60, first.length()));
  }

  /** Replay on the replica paused or resumed (its superuser). */
  private static void replay(boolean on) throws SQLException {
    try (Connection c = replica.superuser("postgres");
        Statement st = c.createStatement()) {
      st.execute(on ? "SELECT pg_wal_replay_resume()" : "SELECT pg_wal_replay_pause()");
    }
  }

  /**
   * Whether a request ran a statement of these SQL files (|-separated: a request of several
   * statements on one connection leaves its last) on the replica, by its pg_stat_activity.
   */
  private boolean onReplica(String sqlFiles, String path, String user) throws Exception {
    try (Connection c = replica.superuser("redline_test")) {
      Timestamp before;
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT clock_timestamp()")) {
        rs.next();
        before = rs.getTimestamp(1);
      }
      get(path, user);
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'redline-read'"
                  + " AND usename = ? AND query_start >= ?"
                  + " AND EXISTS (SELECT 1 FROM unnest(?::text[]) h WHERE starts_with(query, h))")) {
        ps.setString(1, TestDatabase.SERVICE_USER);
        ps.setTimestamp(2, before);
        ps.setArray(
            3,
            c.createArrayOf(
                "text",
                java.util.Arrays.stream(sqlFiles.split("\\|", -1))
                    .map(ReplicaRoutingTest::head)
                    .toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1) > 0;
        }
      }
    }
  }

  private long parcel(int offset) {
    return owner
        .jdbc()
        .sql("SELECT id FROM parcel ORDER BY id OFFSET :n LIMIT 1")
        .param("n", offset)
        .query(Long.class)
        .single();
  }

  /** The z15 parcel tile holding a parcel's point on surface. */
  private String tileOf(long parcel) {
    return "/tiles/parcel/"
        + owner
            .jdbc()
            .sql(
                "SELECT concat_ws('/', 15,"
                    + " floor((ST_X(c) + 20037508.342789244) / (40075016.68557849 / 2 ^ 15))::int,"
                    + " floor((20037508.342789244 - ST_Y(c)) / (40075016.68557849 / 2 ^ 15))::int)"
                    + " FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 3857) AS c"
                    + " FROM parcel WHERE id = :id) p")
            .param("id", parcel)
            .query(String.class)
            .single()
        + ".mvt";
  }

  /** Bureau shrinks a parcel by PUT (a commit of its own); 200 expected. */
  private void shrink(long parcel) throws Exception {
    JsonNode before = ServiceClient.json(get("/api/layers/parcel/features/" + parcel, null).body());
    String smaller =
        owner
            .jdbc()
            .sql(
                "SELECT ST_AsGeoJSON(ST_Buffer(geom, -0.0001, 'join=mitre'), 15) FROM parcel"
                    + " WHERE id = :id")
            .param("id", parcel)
            .query(String.class)
            .single();
    HttpResponse<byte[]> put =
        client()
            .send(
                "PUT",
                "/api/layers/parcel/features/" + parcel,
                "bureau",
                Map.of(
                    "geometry",
                    ServiceClient.json(smaller.getBytes(StandardCharsets.UTF_8)),
                    "properties",
                    Map.of(),
                    "reason",
                    "缩小 shrink"),
                "If-Match",
                "\"" + before.at("/properties/version").asInt() + "\"");
    assertThat(put.statusCode()).as(new String(put.body(), StandardCharsets.UTF_8)).isEqualTo(200);
  }

  /** A page's text without its timeStamp (the time of the answer). */
  private static String unstamped(HttpResponse<byte[]> page) {
    return new String(page.body(), StandardCharsets.UTF_8)
        .replaceAll("\"timeStamp\":\"[^\"]*\"", "");
  }

  private void awaitFit() throws Exception {
    Eventually.until(
        "the replica fit to serve",
        Duration.ofSeconds(30),
        () -> routing.fit(routing.replicas().get(0), 0));
  }

  @Test
  @Order(1)
  void tilesOgcItemsAndDashboardsAreReadOnTheReplica() throws Exception {
    awaitFit();
    long p = parcel(500);
    Map<String, String> reads =
        Map.of(
            tileOf(p),
            "tiles/select_tile.sql",
            "/ogc/collections/parcel/items/" + p,
            "ogc/select_item.sql",
            "/ogc/collections/parcel/items?limit=20",
            "ogc/select_items.sql|COMMIT",
            "/api/factories/alerts",
            "factory/select_alerts.sql",
            "/api/renovation/summary?year=2024",
            "renovation/select_summary.sql|renovation/select_modern_parks.sql",
            "/api/reserve/summary",
            "reserve/select_summary.sql");
    for (var read : reads.entrySet()) {
      for (String user : new String[] {null, "planner"}) {
        assertThat(onReplica(read.getValue(), read.getKey(), user))
            .as("GET %s as %s read on the replica", read.getKey(), user)
            .isTrue();
      }
    }
    // an export (the planner's parcels as CSV, streamed through a cursor in a read-only
    // transaction, which leaves COMMIT last)
    assertThat(onReplica("COMMIT", "/api/efficiency/parcels?year=2025&format=csv", "planner"))
        .as("the planner's CSV export read on the replica")
        .isTrue();
  }

  @Test
  @Order(2)
  void anEditorSeesTheirOwnCommitAtOnceOthersOnceTheReplicaHasReplayedIt() throws Exception {
    awaitFit();
    long p = parcel(600);
    String item = "/ogc/collections/parcel/items/" + p;
    String tile = tileOf(p);
    long previous =
        owner
            .jdbc()
            .sql("SELECT max(id) FROM parcel WHERE id < :id")
            .param("id", p)
            .query(Long.class)
            .single();
    String page = "/ogc/collections/parcel/items?limit=1&after=" + previous;
    byte[] itemBefore = get(item, null).body();
    byte[] tileBefore = get(tile, null).body();
    String pageBefore = unstamped(get(page, null));
    assertThat(pageBefore).contains(Long.toString(p));
    replay(false);
    try {
      shrink(p);
      // the editor: their own commit at once, tile and item (read on the primary)
      assertThat(get(item, "bureau").body()).isNotEqualTo(itemBefore);
      assertThat(get(tile, "bureau").body()).isNotEqualTo(tileBefore);
      assertThat(unstamped(get(page, "bureau"))).isNotEqualTo(pageBefore);
      // everyone else: the replica, which has not replayed it yet
      for (String user : new String[] {null, "planner"}) {
        assertThat(get(item, user).body()).as("item as %s", user).isEqualTo(itemBefore);
        assertThat(get(tile, user).body()).as("tile as %s", user).isEqualTo(tileBefore);
        assertThat(unstamped(get(page, user))).as("page as %s", user).isEqualTo(pageBefore);
      }
    } finally {
      replay(true);
    }
    Eventually.until(
        "the replica replaying the edit",
        Duration.ofSeconds(30),
        () -> !java.util.Arrays.equals(get(item, null).body(), itemBefore));
    // the editor is served by the replica again once it has replayed their commit
    Eventually.until(
        "bureau read on the replica again",
        Duration.ofSeconds(30),
        () -> onReplica("ogc/select_item.sql", item, "bureau"));
    assertThat(get(item, "bureau").body()).isEqualTo(get(item, null).body());
  }

  @Test
  @Order(3)
  void aReplicaFurtherBehindThanTheBoundIsSkipped() throws Exception {
    awaitFit();
    Replica r =
        new Replica(
            0,
            DatabaseUrl.toDatasource(replica.url(TestDatabase.url(SCHEMA))),
            TestDatabase.SERVICE_USER,
            TestDatabase.SERVICE_PASSWORD,
            2,
            Duration.ofMillis(500),
            Duration.ofSeconds(30));
    ReadRouting strict =
        new ReadRouting(
            primary,
            primaryJdbc,
            transactions,
            List.of(r),
            Duration.ofSeconds(1),
            Duration.ofMillis(200),
            Duration.ofMillis(500));
    JdbcClient writes = owner.jdbc();
    writes.sql("CREATE TABLE lag_probe (n int)").update();
    try {
      Eventually.until(
          "the strict routing finding the replica fit",
          Duration.ofSeconds(30),
          () -> strict.fit(r, 0));
      assertThat(strict.choose()).isSameAs(r);
      replay(false);
      try {
        // the primary moves on (WAL written), the replica does not: behind by more than 1 s
        Eventually.until(
            "the replica skipped for lagging",
            Duration.ofSeconds(30),
            () -> {
              writes.sql("INSERT INTO lag_probe VALUES (1)").update();
              return !strict.fit(r, 0);
            });
        assertThat(strict.choose()).isNull();
        assertThat(r.status().lagMillis()).isGreaterThan(1000);
        assertThat(strict.mayLag().sql("SELECT pg_is_in_recovery()").query(Boolean.class).single())
            .isFalse();
      } finally {
        replay(true);
      }
      Eventually.until(
          "the replica fit again once it has caught up",
          Duration.ofSeconds(30),
          () -> strict.fit(r, 0));
      assertThat(strict.mayLag().sql("SELECT pg_is_in_recovery()").query(Boolean.class).single())
          .isTrue();
    } finally {
      strict.destroy();
      writes.sql("DROP TABLE lag_probe").update();
    }
  }

  @Test
  @Order(4)
  void aReplicaStoppedInTheMiddleChangesNothingForUsers() throws Exception {
    awaitFit();
    long p = parcel(700);
    String item = "/ogc/collections/parcel/items/" + p;
    List<String> reads =
        List.of(
            tileOf(p),
            item,
            "/ogc/collections/parcel/items?limit=20",
            "/api/factories/alerts",
            "/api/renovation/summary?year=2024",
            "/api/reserve/summary");
    Map<String, byte[]> before = new java.util.HashMap<>();
    for (String path : reads) {
      before.put(path, get(path, null).body());
    }
    assertThat(onReplica("ogc/select_item.sql", item, "planner")).isTrue();
    // the pool's connections to it were all just used: none is checked before its next use
    replica.stop();
    for (String path : reads) {
      for (String user : new String[] {null, "planner", "bureau"}) {
        long start = System.nanoTime();
        HttpResponse<byte[]> response = get(path, user);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .as("GET %s as %s", path, user)
            .isLessThan(Duration.ofSeconds(3));
        if (path.startsWith("/tiles/") || path.equals(item)) {
          assertThat(response.body()).as("GET %s as %s", path, user).isEqualTo(before.get(path));
        }
      }
    }
    // an editor still edits and sees their edit
    shrink(p);
    assertThat(get(item, "bureau").body()).isNotEqualTo(before.get(item));
    assertThat(get(item, null).body()).isNotEqualTo(before.get(item));
    assertThat(routing.fit(routing.replicas().get(0), 0)).isFalse();
  }
}
