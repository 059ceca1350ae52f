package cn.foshan.redline.bench;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A one-polygon change set, as the bureau makes it on the map, against the same checks run as bare
 * SQL.
 *
 * <p>Ours: logged in like the browser (form login, session cookie, CSRF token), for each of {@link
 * #SAMPLES} parcels: a new draft, the edit (the parcel shrunk by 1 % about its centroid, with its
 * version), the preview (with the clusters touched, as the map page asks for it), the commit. Timed
 * per step and in all; each parcel is edited once.
 *
 * <p>Then the single-feature edit: {@code PUT /api/layers/parcel/features/{id}} with If-Match, one
 * request that is a change set of its own (draft, edit, commit through the rules), on other
 * parcels, each edited once.
 *
 * <p>Bare: on other parcels, the same change as one would write it by hand in one transaction: the
 * shape's validity, vertex count and size, containment in its district, overlap with the other
 * parcels, the UPDATE guarded by the version, COMMIT; with the parcel table's triggers off (no
 * history, no version, no rules at commit: {@code ALTER TABLE parcel DISABLE TRIGGER USER} for the
 * bare rounds only, while the service is idle, as the schema's owner, which the benchmark connects
 * as; no superuser needed), so nothing but those checks and the write. Each bare change is undone
 * afterwards, untimed.
 *
 * <p>A psql writer: on other parcels, the same change as a person with a database login makes it in
 * psql (README, "Loading real data"): one transaction of a committed change set and the UPDATE
 * naming it, then COMMIT, with every trigger on: the version, the history, the derived places, the
 * contiguity labels, the audit, and the rules checked at COMMIT. This is the database's own work
 * for one edit, which no client can skip; what the service adds over it is its requests. (The
 * benchmark connects as the schema's owner, so the row-level security policies, one cheap check per
 * row for a bureau account, are not applied here.)
 */
final class EditingBenchmark {

  static final int SAMPLES = 100;
  private static final int WARM_UP = 10;

  private static final String SAMPLE_SQL =
      "SELECT id, version, ST_AsGeoJSON(ST_Scale(geom, ST_MakePoint(0.99, 0.99),"
          + " ST_Centroid(geom)), 15) AS shrunk, encode(ST_AsEWKB(geom), 'hex') AS original FROM parcel"
          + " ORDER BY md5('edit' || id) LIMIT ?";

  /** The checks of one parcel edit and the write, as bare SQL (g: the new shape). */
  private static final String BARE_CHECKS =
      "WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(?), 4490) AS g), p AS (SELECT * FROM parcel"
          + " WHERE id = ?)"
          + " SELECT ST_IsValid(g.g) AND ST_NPoints(g.g) <= 20000"
          + " AND ST_Area(g.g::geography) BETWEEN 1 AND 50e6 AS valid,"
          + " (SELECT ST_Covers(d.tolerance_geom, g.g) FROM district d WHERE d.code = p.district_code)"
          + " AS contained,"
          + " (SELECT count(*) FROM parcel o WHERE o.geom && g.g AND o.id <> p.id"
          + " AND ST_Relate(g.g, o.geom, '2********')"
          + " AND ST_Area(ST_Intersection(g.g, o.geom)::geography) > 1) AS overlaps"
          + " FROM g, p";

  /** One edit as a psql writer makes it, in one statement: its change set and the UPDATE. */
  private static final String PSQL_WRITER =
      "WITH cs AS (INSERT INTO change_set (author, reason, document_number, status, committed_at)"
          + " VALUES ('bureau', '基准测试 benchmark', '基准〔2026〕1号', 'COMMITTED', now())"
          + " RETURNING id)"
          + " UPDATE parcel p SET geom = ST_SetSRID(ST_GeomFromGeoJSON(?), 4490),"
          + " change_set_id = cs.id FROM cs WHERE p.id = ? AND p.version = ?";

  private static final String BARE_UPDATE =
      "UPDATE parcel SET geom = ST_SetSRID(ST_GeomFromGeoJSON(?), 4490) WHERE id = ? AND version = ?";

  private EditingBenchmark() {}

  record Sample(long id, int version, String shrunk, String original) {}

  static Map<String, Object> measure(String base, DataSource db) throws Exception {
    List<Sample> samples = samples(db, 4 * (SAMPLES + WARM_UP));
    Session session = Session.login(base, "bureau", "bureau-2026");

    Map<String, List<Double>> ours = new LinkedHashMap<>();
    for (String step : List.of("draft", "edit", "preview", "commit", "previewAndCommit", "total")) {
      ours.put(step, new ArrayList<>());
    }
    for (int i = 0; i < SAMPLES + WARM_UP; i++) {
      Sample s = samples.get(i);
      long t0 = System.nanoTime();
      String draft =
          session.send(
              "POST",
              "/api/change-sets",
              "{\"reason\":\"基准测试 benchmark\",\"documentNumber\":\"基准〔2026〕1号\"}",
              201);
      long id = Long.parseLong(field(draft, "\"id\":(\\d+)"));
      long t1 = System.nanoTime();
      session.send(
          "POST",
          "/api/change-sets/" + id + "/edits",
          "{\"layer\":\"parcel\",\"action\":\"update\",\"featureId\":"
              + s.id()
              + ",\"baseVersion\":"
              + s.version()
              + ",\"geometry\":"
              + s.shrunk()
              + "}",
          201);
      long t2 = System.nanoTime();
      // as the map page asks for it: with the clusters touched (a commit's answer goes without)
      String preview =
          session.send("GET", "/api/change-sets/" + id + "/preview?include=clusters", null, 200);
      if (!preview.contains("\"valid\":true")) {
        throw new IllegalStateException("the preview finds the edit invalid: " + preview);
      }
      long t3 = System.nanoTime();
      session.send("POST", "/api/change-sets/" + id + "/commit", null, 200);
      long t4 = System.nanoTime();
      if (i >= WARM_UP) {
        ours.get("draft").add(ms(t1 - t0));
        ours.get("edit").add(ms(t2 - t1));
        ours.get("preview").add(ms(t3 - t2));
        ours.get("commit").add(ms(t4 - t3));
        ours.get("previewAndCommit").add(ms(t4 - t2));
        ours.get("total").add(ms(t4 - t0));
      }
    }

    List<Double> put = new ArrayList<>();
    for (int i = SAMPLES + WARM_UP; i < 2 * (SAMPLES + WARM_UP); i++) {
      Sample s = samples.get(i);
      long t0 = System.nanoTime();
      session.send(
          "PUT",
          "/api/layers/parcel/features/" + s.id(),
          "{\"reason\":\"基准测试 benchmark\",\"documentNumber\":\"基准〔2026〕1号\",\"geometry\":"
              + s.shrunk()
              + "}",
          200,
          "\"" + s.version() + "\"");
      long t1 = System.nanoTime();
      if (i >= SAMPLES + 2 * WARM_UP) {
        put.add(ms(t1 - t0));
      }
    }

    List<Double> bare = new ArrayList<>();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      triggers(c, false);
      try {
        for (int i = 2 * (SAMPLES + WARM_UP); i < 3 * (SAMPLES + WARM_UP); i++) {
          Sample s = samples.get(i);
          long t0 = System.nanoTime();
          bareEdit(c, s);
          c.commit();
          long t1 = System.nanoTime();
          undo(c, s);
          if (i >= 2 * (SAMPLES + WARM_UP) + WARM_UP) {
            bare.add(ms(t1 - t0));
          }
        }
      } finally {
        c.rollback();
        triggers(c, true);
      }
    }

    List<Double> psqlWriter = new ArrayList<>();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      for (int i = 3 * (SAMPLES + WARM_UP); i < samples.size(); i++) {
        Sample s = samples.get(i);
        long t0 = System.nanoTime();
        try (PreparedStatement update = c.prepareStatement(PSQL_WRITER)) {
          update.setString(1, s.shrunk());
          update.setLong(2, s.id());
          update.setInt(3, s.version());
          if (update.executeUpdate() != 1) {
            throw new IllegalStateException("parcel " + s.id() + " changed");
          }
        }
        c.commit();
        long t1 = System.nanoTime();
        if (i >= 3 * (SAMPLES + WARM_UP) + WARM_UP) {
          psqlWriter.add(ms(t1 - t0));
        }
      }
    }

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("samples", SAMPLES);
    Map<String, Object> steps = new LinkedHashMap<>();
    ours.forEach((step, times) -> steps.put(step, percentiles(times)));
    result.put("ours", steps);
    result.put("bareSql", percentiles(bare));
    result.put("put", percentiles(put));
    result.put("psqlWriter", percentiles(psqlWriter));
    double oursP50 = (Double) ((Map<?, ?>) steps.get("previewAndCommit")).get("p50Ms");
    double bareP50 = (Double) percentiles(bare).get("p50Ms");
    double putP50 = (Double) percentiles(put).get("p50Ms");
    // how many times the bare checks and write the preview + commit takes, and the single PUT
    result.put("factor", Math.round(oursP50 / bareP50 * 10) / 10.0);
    result.put("putFactor", Math.round(putP50 / bareP50 * 10) / 10.0);
    // the same against the database's own work for one edit (every trigger, the rules at COMMIT)
    double writerP50 = (Double) percentiles(psqlWriter).get("p50Ms");
    result.put("factorOverPsqlWriter", Math.round(oursP50 / writerP50 * 10) / 10.0);
    result.put("putFactorOverPsqlWriter", Math.round(putP50 / writerP50 * 10) / 10.0);
    return result;
  }

  /** Turns the parcel table's own triggers off or on again (committed), as its owner. */
  private static void triggers(Connection c, boolean on) throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement("ALTER TABLE parcel " + (on ? "ENABLE" : "DISABLE") + " TRIGGER USER")) {
      st.execute();
    }
    c.commit();
  }

  private static void bareEdit(Connection c, Sample s) throws SQLException {
    try (PreparedStatement checks = c.prepareStatement(BARE_CHECKS);
        PreparedStatement update = c.prepareStatement(BARE_UPDATE)) {
      checks.setString(1, s.shrunk());
      checks.setLong(2, s.id());
      try (ResultSet rs = checks.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1) || !rs.getBoolean(2) || rs.getLong(3) != 0) {
          throw new IllegalStateException("the bare checks refuse parcel " + s.id());
        }
      }
      update.setString(1, s.shrunk());
      update.setLong(2, s.id());
      update.setInt(3, s.version());
      if (update.executeUpdate() != 1) {
        throw new IllegalStateException("parcel " + s.id() + " changed");
      }
    }
  }

  private static void undo(Connection c, Sample s) throws SQLException {
    try (PreparedStatement back =
        c.prepareStatement(
            "UPDATE parcel SET geom = ST_GeomFromEWKB(decode(?, 'hex')) WHERE id = ?")) {
      back.setString(1, s.original());
      back.setLong(2, s.id());
      back.executeUpdate();
    }
    c.commit();
  }

  private static List<Sample> samples(DataSource db, int n) throws SQLException {
    List<Sample> samples = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement(SAMPLE_SQL)) {
      st.setInt(1, n);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          samples.add(new Sample(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return samples;
  }

  static Map<String, Object> percentiles(List<Double> times) {
    double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("p50Ms", percentile(sorted, 0.50));
    r.put("p95Ms", percentile(sorted, 0.95));
    r.put("maxMs", sorted.length == 0 ? null : Math.round(sorted[sorted.length - 1] * 10) / 10.0);
    return r;
  }

  /** Nearest-rank percentile. */
  private static Double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return null;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return Math.round(sorted[Math.max(rank - 1, 0)] * 10) / 10.0;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static String field(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no " + regex + " in " + text);
    }
    return m.group(1);
  }

  /** A browser-like session: form login, the session cookie, the CSRF token echoed on writes. */
  private static final class Session {
    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    private Session(String base) {
      this.base = base;
      this.http =
          HttpClient.newBuilder()
              .cookieHandler(cookies)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
    }

    static Session login(String base, String user, String password) throws Exception {
      Session s = new Session(base);
      s.http.send(
          HttpRequest.newBuilder(URI.create(base + "/api/me")).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      String form =
          "username="
              + URLEncoder.encode(user, StandardCharsets.UTF_8)
              + "&password="
              + URLEncoder.encode(password, StandardCharsets.UTF_8);
      s.http.send(
          HttpRequest.newBuilder(URI.create(base + "/login"))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .header("X-XSRF-TOKEN", s.csrf())
              .POST(HttpRequest.BodyPublishers.ofString(form))
              .build(),
          HttpResponse.BodyHandlers.discarding());
      String me = s.send("GET", "/api/me", null, 200);
      if (!me.contains("\"" + user + "\"")) {
        throw new IllegalStateException("could not log in as " + user + ": " + me);
      }
      return s;
    }

    private String csrf() {
      return cookies.getCookieStore().getCookies().stream()
          .filter(c -> c.getName().equals("XSRF-TOKEN"))
          .map(HttpCookie::getValue)
          .findFirst()
          .orElse("");
    }

    String send(String method, String path, String json, int expected) throws Exception {
      return send(method, path, json, expected, null);
    }

    String send(String method, String path, String json, int expected, String ifMatch)
        throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base + path))
              .timeout(Duration.ofMinutes(2))
              .header("X-Requested-With", "XMLHttpRequest")
              .header("X-XSRF-TOKEN", csrf())
              .method(
                  method,
                  json == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(json));
      if (json != null) {
        request.header("Content-Type", "application/json");
      }
      if (ifMatch != null) {
        request.header("If-Match", ifMatch);
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() != expected) {
        throw new IllegalStateException(
            method + " " + path + " → " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    }
  }
}
