package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.system.DatabaseLimits;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * No request, however crafted, takes unbounded memory, CPU or database time: each limit is met by
 * the request that used to break it, and answered with a problem, while the service goes on
 * answering others. A small service: 8 worker threads, 4 bodies read at once, a pool of 4
 * connections waited for 1 s, statements of 3 s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LimitsTest {

  static final String SCHEMA = TestDatabase.schema("limits");

  @LocalServerPort int port;

  @Autowired JdbcClient jdbc;

  @Autowired DatabaseLimits limits;

  @Autowired TransactionTemplate transactions;

  HikariDataSource pool;

  @Autowired
  void pool(javax.sql.DataSource dataSource) throws java.sql.SQLException {
    this.pool = dataSource.unwrap(HikariDataSource.class);
  }

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, SCHEMA);
    registry.add("redline.demo.enabled", () -> "true");
    registry.add("redline.demo.parcels", () -> "500");
    registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
    registry.add("spring.datasource.hikari.connection-timeout", () -> "1000");
    registry.add("redline.db.statement-timeout", () -> "3s");
    registry.add("server.tomcat.threads.max", () -> "8");
    registry.add("server.tomcat.threads.min-spare", () -> "8");
    registry.add("redline.http.max-concurrent-bodies", () -> "4");
    registry.add("redline.http.max-body-time", () -> "5s");
    // large enough for a polygon of a million points, so that its points are what is refused
    registry.add("redline.http.max-body", () -> "32MB");
  }

  private ServiceClient client() {
    return new ServiceClient(port);
  }

  private JsonNode expect(int status, String method, String path, String user, Object body)
      throws Exception {
    HttpResponse<byte[]> response = client().send(method, path, user, body);
    String text = new String(response.body(), StandardCharsets.UTF_8);
    assertThat(response.statusCode()).as(method + " " + path + " → " + text).isEqualTo(status);
    return text.isEmpty() ? null : ServiceClient.json(response.body());
  }

  private long draft() throws Exception {
    return expect(201, "POST", "/api/change-sets", "bureau", Map.of("reason", "limits"))
        .get("id")
        .asLong();
  }

  /** A GeoJSON polygon of one ring of n points zigzagging across itself (invalid) near Foshan. */
  private static String zigzag(int n) {
    StringBuilder s = new StringBuilder("{\"type\":\"Polygon\",\"coordinates\":[[");
    for (int i = 0; i < n - 1; i++) {
      double x = 113.0 + 0.01 * i / n;
      double y = 23.0 + (i % 2 == 0 ? 0 : 0.001);
      s.append('[').append(x).append(',').append(i == 0 ? 23.0005 : y).append("],");
    }
    s.append("[113.0,23.0005]]]}");
    return s.toString();
  }

  private static String edit(String geometry) {
    return "{\"layer\":\"parcel\",\"action\":\"create\",\"geometry\":"
        + geometry
        + ",\"properties\":{}}";
  }

  @Test
  void aThinBoxOfAThousandKilometresInGaussKrugerAnswersAPage() throws Exception {
    // D1: it had been densified into billions of points and ran the JVM out of heap
    HttpResponse<byte[]> page =
        client()
            .get(
                "/ogc/collections/parcel/items?bbox=2500000,0,2500000.001,1000000"
                    + "&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4547");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(ServiceClient.json(page.body()).get("numberReturned").asInt()).isZero();
    // outside the CRS's range: a 400 at once
    assertThat(
            client()
                .get(
                    "/ogc/collections/parcel/items?bbox=2500000,0,2500000.001,1e12"
                        + "&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4547")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void aMillionPointsAreCountedAndRefusedBeforeTheDatabase() throws Exception {
    long cs = draft();
    JsonNode problem =
        expect(422, "POST", "/api/change-sets/" + cs + "/edits", "bureau", edit(zigzag(1_000_000)));
    assertThat(problem.get("type").asString()).isEqualTo("/problems/too-many-vertices");
    assertThat(problem.get("detail").asString()).contains("1,000,000").contains("20,000");
    // 30,000 points, self-intersecting: refused for its points, never validated nor repaired
    problem =
        expect(422, "POST", "/api/change-sets/" + cs + "/edits", "bureau", edit(zigzag(30_000)));
    assertThat(problem.get("type").asString()).isEqualTo("/problems/too-many-vertices");
    assertThat(problem.get("detail").asString()).contains("30,000").contains("20,000");
    // 6,000 points, self-intersecting: the reason, but no repair offered
    problem =
        expect(422, "POST", "/api/change-sets/" + cs + "/edits", "bureau", edit(zigzag(6_000)));
    assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-geometry");
    assertThat(problem.has("repaired")).isFalse();
    assertThat(problem.get("detail").asString()).contains("5,000");
    // a small bow tie: its repair offered back, as before
    problem = expect(422, "POST", "/api/change-sets/" + cs + "/edits", "bureau", edit(zigzag(8)));
    assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-geometry");
    assertThat(problem.get("repaired").get("type").asString()).isEqualTo("MultiPolygon");
    // nothing of it was kept
    assertThat(expect(200, "GET", "/api/change-sets/" + cs, "bureau", null).get("edits")).isEmpty();
  }

  @Test
  void aStatementOverItsTimeIsA503AndItsConnectionReturns() throws Exception {
    try (Connection c = TestDatabase.connect(SCHEMA);
        Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      st.execute("LOCK TABLE red_line IN ACCESS EXCLUSIVE MODE");
      HttpResponse<byte[]> quota = client().get("/api/quota");
      String text = new String(quota.body(), StandardCharsets.UTF_8);
      assertThat(quota.statusCode()).as(text).isEqualTo(503);
      assertThat(quota.headers().firstValue("Retry-After")).isPresent();
      assertThat(ServiceClient.json(quota.body()).get("type").asString())
          .isEqualTo("/problems/query-timeout");
      c.rollback();
    }
    // the connection went back to the pool, still with its timeout
    assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    assertThat(client().get("/api/quota").statusCode()).isEqualTo(200);
    assertThat(jdbc.sql("SHOW statement_timeout").query(String.class).single()).isEqualTo("3s");
  }

  @Test
  void theServiceRunsWithoutJit() {
    // every connection starts with JIT off (its queries' estimates pass jit_above_cost where their
    // work does not), a long job's transaction too
    assertThat(jdbc.sql("SHOW jit").query(String.class).single()).isEqualTo("off");
    String inLongJob =
        limits
            .longRunning(transactions)
            .execute(status -> jdbc.sql("SHOW jit").query(String.class).single());
    assertThat(inLongJob).isEqualTo("off");
  }

  @Test
  void noFreeConnectionIsA503WithRetryAfter() throws Exception {
    List<Connection> held = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        held.add(pool.getConnection());
      }
      HttpResponse<byte[]> quota = client().get("/api/quota");
      String text = new String(quota.body(), StandardCharsets.UTF_8);
      assertThat(quota.statusCode()).as(text).isEqualTo(503);
      assertThat(quota.headers().firstValue("Retry-After")).isPresent();
      assertThat(ServiceClient.json(quota.body()).get("type").asString())
          .isEqualTo("/problems/database-busy");
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }
    assertThat(client().get("/api/quota").statusCode()).isEqualTo(200);
  }

  /** The status line a raw HTTP exchange answers. */
  private static String statusLine(Socket socket) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    return in.readLine();
  }

  @Test
  void aBodyOverTheLimitIs413BeforeItIsRead() throws Exception {
    // declared: refused at once, though hardly a byte of it came
    try (Socket s = new Socket("localhost", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /api/change-sets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  + "Authorization: "
                  + ServiceClient.basic("bureau")
                  + "\r\nContent-Length: 40000000\r\n\r\n{\"reason\":\"")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertThat(statusLine(s)).startsWith("HTTP/1.1 413");
    }
    // chunked: refused as it passes the limit
    try (Socket s = new Socket("localhost", port)) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /api/change-sets HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  + "Authorization: "
                  + ServiceClient.basic("bureau")
                  + "\r\nTransfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      Thread writer =
          new Thread(
              () -> {
                byte[] chunk = new byte[1 << 20];
                java.util.Arrays.fill(chunk, (byte) 'x');
                try {
                  for (int i = 0; i < 40; i++) {
                    out.write("100000\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                  }
                } catch (java.io.IOException e) {
                  // the service stopped reading: as it should
                }
              });
      writer.start();
      assertThat(statusLine(s)).startsWith("HTTP/1.1 413");
      s.close();
      writer.join();
    }
    assertThat(
            jdbc.sql("SELECT count(*) FROM change_set WHERE length(reason) > 1000")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void textsHaveTheirLengthsInJavaAndInTheDatabase() throws Exception {
    JsonNode problem =
        expect(422, "POST", "/api/change-sets", "bureau", Map.of("reason", "理".repeat(501)));
    assertThat(problem.get("type").asString()).isEqualTo("/problems/text-too-long");
    assertThat(problem.get("detail").asString()).startsWith("修改原因").contains("500");
    problem =
        expect(
            422,
            "POST",
            "/api/change-sets",
            "bureau",
            Map.of("reason", "ok", "documentNumber", "号".repeat(101)));
    assertThat(problem.get("detail").asString()).startsWith("文号");
    expect(201, "POST", "/api/change-sets", "bureau", Map.of("reason", "理".repeat(500)));
    assertThatThrownBy(
            () ->
                TestDatabase.owner(SCHEMA)
                    .sql(
                        "UPDATE change_set SET reason = repeat('x', 501) WHERE id = (SELECT min(id) FROM change_set)")
                    .update())
        .isInstanceOf(DataIntegrityViolationException.class);
  }

  @Test
  void slowBodiesDoNotStarveOtherRequests() throws Exception {
    // 12 clients trickle a login form a byte at a time: more than the 8 worker threads
    List<Socket> slow = new ArrayList<>();
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < 12; i++) {
        Socket s = new Socket("localhost", port);
        s.setSoTimeout(60_000);
        s.getOutputStream()
            .write(
                String.join(
                        "\r\n",
                        "POST /login HTTP/1.1",
                        "Host: localhost",
                        "Content-Type: application/x-www-form-urlencoded",
                        "Content-Length: 200",
                        "",
                        "u")
                    .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        slow.add(s);
      }
      // one more byte of each every half second, 199 at most (the body's 200 less the "u")
      AtomicInteger sent = new AtomicInteger();
      var trickling =
          trickle.scheduleAtFixedRate(
              () -> {
                if (sent.incrementAndGet() > 199) {
                  return;
                }
                for (Socket s : slow) {
                  try {
                    s.getOutputStream().write('x');
                    s.getOutputStream().flush();
                  } catch (java.io.IOException e) {
                    // answered and closed by the service
                  }
                }
              },
              0,
              500,
              TimeUnit.MILLISECONDS);
      // another client is answered meanwhile
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> quota =
          http.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/quota"))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(quota.statusCode()).isEqualTo(200);
      // and every slow one is told: too slow (408) or too many at once (503)
      for (Socket s : slow) {
        assertThat(statusLine(s)).matches("HTTP/1.1 (408|503) .*");
      }
      trickling.cancel(false);
    } finally {
      trickle.shutdownNow();
      assertThat(trickle.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
      for (Socket s : slow) {
        s.close();
      }
    }
  }
}
