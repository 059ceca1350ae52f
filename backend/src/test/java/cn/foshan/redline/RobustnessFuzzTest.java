package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.ogc.Cql2Generators;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Property-based fuzzing (jqwik) of the running service on the real PostGIS: generated and mutated
 * CQL2 text and JSON filters, GeoJSON geometries in writes (the editor's drafts and OGC API
 * transactions into a draft), every parameter of every read endpoint (enumerated from the OpenAPI
 * descriptions {@code /v3/api-docs} and {@code /ogc/api}, so that a new endpoint is fuzzed without
 * a change here), times at and beyond PostgreSQL's limits, and raw request lines that Tomcat itself
 * refuses. Every answer must be below 500; a refusal is a problem ({@code application/problem+json}
 * with a detail); no body holds SQL, a constraint name, a Java class name or a stack trace (unless
 * the input itself held that text); a refused write leaves its draft as it was, and nothing is ever
 * committed.
 *
 * <p>The service runs in a schema of its own with a small demo city (2,000 parcels). Tries per
 * property: {@code jqwik.tries.default} (src/test/resources/junit-platform.properties: a short run
 * in the suite; {@code mvn -Pfuzz} for the long one, see the README). The figures of each run go to
 * {@code target/fuzz-report.txt}.
 */
class RobustnessFuzzTest {

  private static final String SCHEMA = TestDatabase.schema("fuzz");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /**
   * The bureau's client: it keeps the session its login made, so that the password is checked
   * (BCrypt, slow on purpose) once, not at every request of the run; it sends Basic as well, as API
   * clients do (and so needs no CSRF token).
   */
  private static final java.net.CookieManager COOKIES = new java.net.CookieManager();

  private static final HttpClient BUREAU_HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).cookieHandler(COOKIES).build();
  private static final String BUREAU = ServiceClient.basic("bureau", "bureau-2026");

  /**
   * Parcels of the demo city to fuzz against; 0 for none (system property redline.fuzz.parcels).
   */
  private static final int DEMO_PARCELS = Integer.getInteger("redline.fuzz.parcels", 0);

  private static ConfigurableApplicationContext app;
  private static String base;
  private static int port;
  private static JdbcClient jdbc;
  private static List<Endpoint> endpoints;
  private static List<String> collections;
  private static Set<String> constraintNames;
  private static long draft;
  private static long committedBefore;
  private static long started;
  private static final Map<String, Tally> TALLIES = new ConcurrentHashMap<>();

  // ---- the service

  @BeforeContainer
  static void start() throws Exception {
    TestDatabase.prepare();
    app =
        new SpringApplicationBuilder(cn.foshan.redline.RedlineApplication.class)
            .run(
                // as arguments: they win over application.properties (default properties don't)
                TestDatabase.serviceArguments(
                    SCHEMA,
                    "--server.port=0",
                    // the suite's short run on the real districts only (the demo city takes a
                    // minute to
                    // load); the long run (-Pfuzz) on a demo city of 2,000 parcels
                    "--redline.demo.enabled=" + (DEMO_PARCELS > 0),
                    "--redline.demo.parcels=" + Math.max(DEMO_PARCELS, 1),
                    "--logging.level.cn.foshan.redline.system.DatabaseRefusals=WARN",
                    "--logging.level.cn.foshan.redline.editing=WARN"));
    port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port", "0"));
    base = "http://localhost:" + port;
    jdbc = TestDatabase.owner(SCHEMA);
    constraintNames =
        new TreeSet<>(
            jdbc.sql(
                    "SELECT conname FROM pg_constraint c JOIN pg_namespace n ON n.oid ="
                        + " c.connamespace WHERE n.nspname = :schema AND length(conname) >= 10")
                .param("schema", SCHEMA)
                .query(String.class)
                .list());
    collections = new ArrayList<>();
    for (JsonNode c : json(get("/ogc/collections", null).body()).get("collections")) {
      collections.add(c.get("id").asString());
    }
    endpoints = new ArrayList<>();
    endpoints.addAll(Endpoint.from(json(get("/v3/api-docs", null).body()), ""));
    endpoints.addAll(Endpoint.from(json(get("/ogc/api?f=json", null).body()), "/ogc"));
    endpoints.removeIf(e -> e.path().equals("/error"));
    if (DEMO_PARCELS == 0) {
      // no demo city, no demo accounts: the bureau's, for the writes
      app.getBean(cn.foshan.redline.security.UserAccounts.class)
          .create(
              TestDatabase.owner(SCHEMA),
              "bureau",
              "市自然资源局 Land bureau",
              "bureau-2026",
              cn.foshan.redline.security.Role.BUREAU,
              null);
    }
    login();
    HttpResponse<byte[]> created =
        send("POST", "/api/change-sets", "{\"reason\":\"fuzz\"}", "application/json", BUREAU);
    draft = json(created.body()).get("id").asLong();
    committedBefore = committed();
    started = System.nanoTime();
  }

  @AfterContainer
  static void stop() throws IOException {
    try {
      StringBuilder report = new StringBuilder();
      long total = 0;
      long fivexx = 0;
      for (Map.Entry<String, Tally> e : new TreeMap<>(TALLIES).entrySet()) {
        report.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        total += e.getValue().cases.get();
        fivexx += e.getValue().serverErrors.get();
      }
      report.insert(
          0,
          String.format(
              Locale.ROOT,
              "fuzz run %s: %d cases, %d answers of 5xx, %.0f s, %d endpoints from the OpenAPI"
                  + " descriptions%n",
              java.time.Instant.now(),
              total,
              fivexx,
              (System.nanoTime() - started) / 1e9,
              endpoints == null ? 0 : endpoints.size()));
      System.out.print(report);
      Path out = Path.of("target", "fuzz-report.txt");
      Files.createDirectories(out.getParent());
      Files.writeString(out, report + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } finally {
      if (app != null) {
        app.close();
      }
      // its drafts and refused writes are of no use after the run; a large schema the less
      TestDatabase.drop(SCHEMA);
    }
  }

  // ---- CQL2

  @Property
  void cql2TextFiltersNeverBreakTheService(
      @ForAll("cql2Text") String filter, @ForAll("collectionIds") String collection)
      throws Exception {
    String path =
        "/ogc/collections/"
            + collection
            + "/items?limit=3&filter="
            + URLEncoder.encode(filter, StandardCharsets.UTF_8);
    check("cql2-text", filter, get(path, null));
  }

  @Property
  void cql2JsonFiltersNeverBreakTheService(@ForAll("cql2Json") String filter) throws Exception {
    String path =
        "/ogc/collections/parcel/items?limit=3&filter-lang=cql2-json&filter="
            + URLEncoder.encode(filter, StandardCharsets.UTF_8);
    check("cql2-json", filter, get(path, null));
  }

  /** Times at and beyond what PostgreSQL holds, wherever a request names one. */
  @Property
  void timesNeverBreakTheService(@ForAll("times") String time, @ForAll("timeUses") int use)
      throws Exception {
    String path =
        switch (use) {
          case 0 ->
              "/ogc/collections/parcel/items?limit=1&filter="
                  + URLEncoder.encode("updatedAt > TIMESTAMP('" + time + "')", UTF8);
          case 1 ->
              "/ogc/collections/parcel/items?limit=1&filter-lang=cql2-json&filter="
                  + URLEncoder.encode(
                      "{\"op\":\"<\",\"args\":[{\"property\":\"grantedOn\"},{\"timestamp\":\""
                          + time
                          + "\"}]}",
                      UTF8);
          case 2 ->
              "/ogc/collections/parcel/items?limit=1&datetime=" + URLEncoder.encode(time, UTF8);
          case 3 ->
              "/ogc/collections/parcel/items?limit=1&datetime="
                  + URLEncoder.encode(time + "/..", UTF8);
          case 4 -> "/tiles/parcel/10/833/445.mvt?asOf=" + URLEncoder.encode(time, UTF8);
          default ->
              "/api/layers/parcel/features?bbox=113,23,113.1,23.1&asOf="
                  + URLEncoder.encode(time, UTF8);
        };
    check("times", time, get(path, null));
  }

  // ---- GeoJSON in writes

  @Property
  void geometriesInTheEditorNeverBreakTheService(
      @ForAll("geometries") String geometry,
      @ForAll("crsNames") String crs,
      @ForAll("editorLayers") String layer)
      throws Exception {
    String body =
        "{\"layer\":\""
            + layer
            + "\",\"action\":\"create\""
            + (crs.isEmpty() ? "" : ",\"crs\":" + JSON.writeValueAsString(crs))
            + ",\"geometry\":"
            + geometry
            + ",\"properties\":"
            + propertiesOf(layer)
            + "}";
    long before = edits();
    HttpResponse<byte[]> answer =
        send("POST", "/api/change-sets/" + draft + "/edits", body, "application/json", BUREAU);
    check("geojson-editor", body, answer);
    assertNothingLost(body, answer, before);
  }

  @Property
  void featuresInOgcTransactionsNeverBreakTheService(
      @ForAll("geometries") String geometry,
      @ForAll("contentCrs") String contentCrs,
      @ForAll("ogcWrites") int how,
      @ForAll("ifMatches") String ifMatch)
      throws Exception {
    String feature =
        "{\"type\":\"Feature\",\"geometry\":"
            + geometry
            + ",\"properties\":"
            + propertiesOf("parcel")
            + "}";
    String items = "/ogc/collections/parcel/items";
    String query = "?changeSet=" + draft + "&reason=fuzz";
    long before = edits();
    HttpResponse<byte[]> answer =
        switch (how) {
          case 0 ->
              send("POST", items + query, feature, "application/geo+json", BUREAU, contentCrs);
          case 1 ->
              send(
                  "POST",
                  items + query,
                  "{\"type\":\"FeatureCollection\",\"features\":["
                      + VALID_FEATURE
                      + ","
                      + feature
                      + "]}",
                  "application/geo+json",
                  BUREAU,
                  contentCrs);
          case 2 ->
              send(
                  "PUT",
                  items + "/" + (1 + Math.abs(ifMatch.hashCode() % 40)) + query,
                  feature,
                  "application/geo+json",
                  BUREAU,
                  contentCrs,
                  ifMatch);
          default ->
              send(
                  "PATCH",
                  items + "/" + (1 + Math.abs(geometry.hashCode() % 40)) + query,
                  "{\"geometry\":" + geometry + "}",
                  "application/merge-patch+json",
                  BUREAU,
                  contentCrs,
                  ifMatch);
        };
    check("geojson-ogc", feature + " " + ifMatch + " " + contentCrs, answer);
    assertNothingLost(feature, answer, before);
  }

  // ---- every parameter of every read endpoint

  @Property
  void everyParameterOfEveryReadEndpoint(@ForAll("reads") Request request) throws Exception {
    check(
        "parameters " + request.endpoint().path(),
        request.url() + " " + String.join(" ", request.headers()),
        get(request.url(), request.authorized() ? BUREAU : null, request.headers()));
  }

  /** Request lines with bytes Tomcat refuses before Spring sees them: a problem, never HTML. */
  @Property
  void rawRequestTargetsGetProblems(@ForAll("rawTargets") String target) throws Exception {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      // the target's bytes as UTF-8, raw: nothing encodes them
      out.write(("GET " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
      out.write(
          "Host: localhost\r\nAccept: application/json\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      byte[] raw = readAll(socket.getInputStream());
      String text = new String(raw, StandardCharsets.UTF_8);
      Tally t = tally("raw-request-line");
      t.cases.incrementAndGet();
      t.last = System.nanoTime();
      if (text.isEmpty()) {
        t.count(0);
        return; // the connection closed without an answer: nothing served, nothing broken
      }
      Matcher status = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(text);
      if (!status.find()) {
        // a request line Tomcat reads as HTTP/0.9 ("GET /x" with no version): the answer is a
        // body without status line or headers; a refusal, and a problem
        t.count(0);
        assertThat(text).as("%s → %s", escape(target), text).startsWith("{\"type\":\"/problems/");
        assertClean(target, text);
        return;
      }
      int code = Integer.parseInt(status.group(1));
      t.count(code);
      String head = text.substring(0, Math.max(0, text.indexOf("\r\n\r\n")));
      String body = text.substring(Math.min(text.length(), head.length() + 4));
      if (code >= 500) {
        t.serverError(escape(target) + " → " + code);
      }
      assertThat(code).as("%s → %s", escape(target), text).isLessThan(500);
      if (code >= 400) {
        assertThat(head.toLowerCase(Locale.ROOT))
            .as("%s → %s", escape(target), text)
            .contains("content-type: application/problem+json");
      }
      assertClean(target, body);
    }
  }

  // ---- generators

  private static final String UTF8 = StandardCharsets.UTF_8.name();

  @Provide
  Arbitrary<String> collectionIds() {
    return Arbitraries.oneOf(
        Arbitraries.of(collections),
        Arbitraries.of(collections),
        Arbitraries.of("parcel", "red_line"));
  }

  @Provide
  Arbitrary<String> cql2Text() {
    return cql2TextArbitrary();
  }

  private static Arbitrary<String> cql2TextArbitrary() {
    Arbitrary<String> fromSeed =
        Arbitraries.longs()
            .map(
                seed -> {
                  Cql2Generators g = new Cql2Generators(seed);
                  return switch ((int) Math.floorMod(seed, 6L)) {
                    case 0 -> g.validFilter();
                    case 1 -> g.filter();
                    case 2 -> g.mutated();
                    case 3 -> g.hostile(60);
                    case 4 -> g.anyString(120);
                    default -> g.stringOf("()'\"NOTAND =<>,;-/*0123456789.eE", 0, 120);
                  };
                });
    Arbitrary<String> literals =
        Combinators.combine(
                Arbitraries.of("code", "district", "\"landUse\"", "grantedOn", "areaMu", "id"),
                Arbitraries.of("=", "<>", "<", "LIKE", ">="),
                Arbitraries.strings().ofMaxLength(20).withChars("\u0000'a佛%_\\\u00ff\uFEFF\t"))
            .as((p, op, s) -> p + " " + op + " '" + s.replace("'", "''") + "'");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, fromSeed),
        net.jqwik.api.Tuple.of(2, literals),
        net.jqwik.api.Tuple.of(1, timeArbitrary().map(t -> "updatedAt < TIMESTAMP('" + t + "')")),
        net.jqwik.api.Tuple.of(1, timeArbitrary().map(t -> "grantedOn = DATE('" + t + "')")));
  }

  @Provide
  Arbitrary<String> cql2Json() {
    Arbitrary<String> fromSeed =
        Arbitraries.longs()
            .map(
                seed -> {
                  Cql2Generators g = new Cql2Generators(seed);
                  return seed % 2 == 0 ? g.json() : g.brokenJson();
                });
    Arbitrary<String> withStrings =
        Arbitraries.strings()
            .ofMaxLength(20)
            .withChars("\u0000'a佛%_\\\"")
            .map(
                s -> {
                  try {
                    return "{\"op\":\"=\",\"args\":[{\"property\":\"code\"},"
                        + JSON.writeValueAsString(s)
                        + "]}";
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, fromSeed), net.jqwik.api.Tuple.of(2, withStrings));
  }

  @Provide
  Arbitrary<Integer> timeUses() {
    return Arbitraries.integers().between(0, 5);
  }

  /** RFC 3339-like times around every limit: years 0 to 99,999 and offsets to ±18:00. */
  @Provide
  Arbitrary<String> times() {
    return timeArbitrary();
  }

  private static Arbitrary<String> timeArbitrary() {
    Arbitrary<Integer> years =
        Arbitraries.oneOf(
            Arbitraries.integers().between(-3, 3),
            Arbitraries.integers().between(9997, 10_001),
            Arbitraries.integers().between(1900, 2100),
            Arbitraries.integers().between(-100_000, 100_000));
    Arbitrary<Integer> offsets =
        Arbitraries.oneOf(
            Arbitraries.integers().between(-18 * 60, 18 * 60),
            Arbitraries.of(15 * 60 + 59, 16 * 60, -16 * 60, 0, 8 * 60));
    Arbitrary<String> instants =
        Combinators.combine(
                years,
                Arbitraries.integers().between(0, 13),
                Arbitraries.integers().between(0, 32),
                offsets,
                Arbitraries.of("T", "t", " ", "T"))
            .as(
                (y, m, d, o, sep) ->
                    year(y)
                        + String.format(Locale.ROOT, "-%02d-%02d", m, d)
                        + sep
                        + "12:00:00"
                        + (o == 0
                            ? "Z"
                            : String.format(
                                Locale.ROOT,
                                "%s%02d:%02d",
                                o < 0 ? "-" : "+",
                                Math.abs(o) / 60,
                                Math.abs(o) % 60)));
    Arbitrary<String> dates =
        Combinators.combine(years, Arbitraries.integers().between(1, 12))
            .as((y, m) -> year(y) + String.format(Locale.ROOT, "-%02d-01", m));
    return Arbitraries.oneOf(
        instants,
        instants,
        dates,
        Arbitraries.of("P1Y", "9999-12-01/P1Y", "P9999Y/0001-06-01", "..", "", "\u0000"));
  }

  private static String year(int y) {
    if (y >= 0 && y <= 9999) {
      return String.format(Locale.ROOT, "%04d", y);
    }
    return (y < 0 ? "-" : "+") + String.format(Locale.ROOT, "%05d", Math.abs(y));
  }

  @Provide
  Arbitrary<String> editorLayers() {
    return Arbitraries.of("parcel", "parcel", "red_line", "reserve_land", "village_park", "x");
  }

  @Provide
  Arbitrary<String> crsNames() {
    return Arbitraries.of(
        "",
        "",
        "",
        "EPSG:4490",
        "EPSG:4326",
        "CRS84",
        "EPSG:4547",
        "EPSG:4546",
        "EPSG:3857",
        "http://www.opengis.net/def/crs/EPSG/0/4547",
        "\u0000",
        "0x10");
  }

  @Provide
  Arbitrary<String> contentCrs() {
    return Arbitraries.of(
        "",
        "",
        "",
        "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>",
        "<http://www.opengis.net/def/crs/EPSG/0/4490>",
        "<http://www.opengis.net/def/crs/EPSG/0/4547>",
        "<http://www.opengis.net/def/crs/EPSG/0/3857>",
        "EPSG:4490",
        "garbage");
  }

  @Provide
  Arbitrary<Integer> ogcWrites() {
    return Arbitraries.integers().between(0, 3);
  }

  @Provide
  Arbitrary<String> ifMatches() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "\"1\"", "\"2\"", "W/\"1\"", "", "*", "1", "\"0x1\"", "\"+1\"", "\"1\", \"2\""),
        Arbitraries.integers().between(-2, 5).map(i -> "\"" + i + "\""),
        Arbitraries.strings().ofMaxLength(12).withChars("\"W/0123456789x, *"));
  }

  /** GeoJSON geometries near (and far from) Foshan, well-formed or mutated in every way. */
  @Provide
  Arbitrary<String> geometries() {
    Arbitrary<List<String>> ring =
        Combinators.combine(
                Arbitraries.doubles().between(112.8, 113.4).ofScale(7),
                Arbitraries.doubles().between(22.6, 23.5).ofScale(7),
                Arbitraries.doubles().between(1e-5, 0.02).ofScale(7),
                Arbitraries.integers().between(3, 9),
                Arbitraries.integers().between(0, 100))
            .as(
                (lon, lat, size, n, mutate) -> {
                  List<String> points = new ArrayList<>();
                  for (int i = 0; i < n; i++) {
                    double a = 2 * Math.PI * i / n;
                    double x = lon + size * Math.cos(a);
                    double y = lat + size * Math.sin(a);
                    points.add(position(x, y, i == (mutate % n) ? mutate : -1));
                  }
                  points.add(points.get(0));
                  return points;
                });
    Arbitrary<String> polygon = ring.map(r -> "[[" + String.join(",", r) + "]]");
    Arbitrary<String> shape =
        Combinators.combine(
                polygon,
                Arbitraries.of(
                    "Polygon",
                    "Polygon",
                    "Polygon",
                    "MultiPolygon",
                    "MultiPolygon",
                    "Point",
                    "LineString",
                    "GeometryCollection",
                    "polygon",
                    ""),
                Arbitraries.of(
                    "",
                    "",
                    "",
                    "",
                    "{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4490\"}}",
                    "{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:OGC:1.3:CRS84\"}}",
                    "{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4547\"}}",
                    "{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:3857\"}}",
                    "{\"type\":\"link\",\"properties\":{\"href\":\"http://x\"}}",
                    "\"EPSG:4490\"",
                    "42",
                    "null"))
            .as(
                (coordinates, type, crs) ->
                    "{\"type\":\""
                        + type
                        + "\""
                        + (crs.isEmpty() ? "" : ",\"crs\":" + crs)
                        + ",\"coordinates\":"
                        + (type.equals("MultiPolygon") ? "[" + coordinates + "]" : coordinates)
                        + "}");
    Arbitrary<String> broken =
        Combinators.combine(
                shape,
                Arbitraries.integers().between(0, 10_000),
                Arbitraries.of(
                    "",
                    "\"",
                    "[",
                    "]",
                    "{",
                    "}",
                    ",",
                    "null",
                    "1e999",
                    "NaN",
                    "\"113.1\"",
                    "\u0000"))
            .as(
                (text, at, token) -> {
                  int i = at % (text.length() + 1);
                  return text.substring(0, i) + token + text.substring(Math.min(text.length(), i));
                });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, shape),
        net.jqwik.api.Tuple.of(2, broken),
        net.jqwik.api.Tuple.of(
            1,
            Arbitraries.of(
                "null",
                "{}",
                "[]",
                "\"POLYGON((113 23, 113.1 23, 113.1 23.1, 113 23))\"",
                "{\"type\":\"Polygon\",\"coordinates\":[]}",
                "{\"type\":\"Polygon\",\"coordinates\":[[]]}",
                "{\"type\":\"Polygon\",\"coordinates\":[[[]]]}",
                "{\"type\":\"Polygon\",\"coordinates\":[[[113,23]]]}",
                "{\"type\":\"Polygon\",\"coordinates\":\"113,23\"}",
                "{\"type\":\"Polygon\",\"coordinates\":[[[1e308,1e308],[1e308,-1e308],[0,0],"
                    + "[1e308,1e308]]]}",
                "{\"type\":\"Polygon\",\"coordinates\":[[[450000,2550000],[450100,2550000],"
                    + "[450100,2550100],[450000,2550100],[450000,2550000]]]}")));
  }

  /** A position, or at {@code mutate} (0–100) one of the ways a position goes wrong. */
  private static String position(double x, double y, int mutate) {
    String xs = Double.toString(x);
    String ys = Double.toString(y);
    return switch (mutate) {
      case 0, 1, 2 -> "[" + xs + "," + ys + ",12.5]"; // Z
      case 3 -> "[" + xs + "," + ys + ",12.5,1]"; // Z and M
      case 4, 5 -> "[\"" + xs + "\"," + ys + "]"; // text
      case 6 -> "[" + xs + ",\"" + ys + "\"]";
      case 7 -> "[" + xs + "]";
      case 8 -> "[]";
      case 9 -> "[null," + ys + "]";
      case 10 -> "[true," + ys + "]";
      case 11 -> "[[" + xs + "," + ys + "]]";
      case 12 -> "[1e400," + ys + "]";
      case 13 -> "[" + ys + "," + xs + "]"; // axes swapped
      case 14 -> "{\"x\":" + xs + "}";
      default -> "[" + xs + "," + ys + "]";
    };
  }

  /** A feature that is fine alone: a batch with it and a refused one must keep neither. */
  private static final String VALID_FEATURE =
      "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[113.10,23.00],"
          + "[113.101,23.00],[113.101,23.001],[113.10,23.001],[113.10,23.00]]]},\"properties\":"
          + "{\"landUse\":\"0601\",\"grantType\":\"GRANT\",\"grantedOn\":\"2020-01-01\"}}";

  private static String propertiesOf(String layer) {
    return switch (layer) {
      case "parcel" ->
          "{\"landUse\":\"0601\",\"grantType\":\"GRANT\",\"grantedOn\":\"2020-01-01\"}";
      default -> "{}";
    };
  }

  /** GET requests built from the OpenAPI descriptions: every endpoint, every parameter. */
  @Provide
  Arbitrary<Request> reads() {
    return Arbitraries.of(endpoints)
        .flatMap(
            e -> {
              List<Arbitrary<String>> values = new ArrayList<>();
              for (Parameter p : e.parameters()) {
                values.add(valuesFor(p));
              }
              Arbitrary<List<String>> all =
                  values.isEmpty()
                      ? Arbitraries.just(List.of())
                      : Combinators.combine(values).as(ArrayList::new);
              return Combinators.combine(
                      all,
                      Arbitraries.integers().between(0, 9),
                      Arbitraries.of(HOSTILE_VALUES),
                      Arbitraries.of(EXTRA_NAMES))
                  .as(
                      (vs, auth, extraValue, extraName) ->
                          e.request(vs, auth == 0, extraName, extraValue));
            });
  }

  private static final List<String> HOSTILE_VALUES =
      List.of(
          "",
          " ",
          "0x10",
          "+16",
          "\uff11\uff16",
          "016",
          " 16",
          "1 6",
          "-1",
          "0",
          "2147483648",
          "9223372036854775808",
          "99999999999999999999999999",
          "1e309",
          "1e-400",
          "NaN",
          "Infinity",
          "-Infinity",
          "1,2",
          "113,23,113.1,23.1",
          "113,23,113.1,23.1,0,1",
          "23,113,23.1,113.1",
          "..",
          "../..",
          "2024-01-01T00:00:00+16:00",
          "2024-01-01T00:00:00-18:00",
          "0000-01-01",
          "0000-01-01T00:00:00Z",
          "+10000-01-01T00:00:00Z",
          "2024-13-40",
          "2024-01-01/P1Y",
          "9999-12-31/P1D",
          "\u0000",
          "a\u0000b",
          "'",
          "\"",
          "' OR '1'='1",
          "'; DROP TABLE parcel; --",
          "%",
          "_",
          "\\",
          "佛山",
          "𠮷",
          "\uFEFF",
          "\u202E",
          "<script>alert(1)</script>",
          "{}",
          "[]",
          "{\"op\":\"=\",\"args\":[]}",
          "EPSG:4547",
          "http://www.opengis.net/def/crs/EPSG/0/4547",
          "http://www.opengis.net/def/crs/EPSG/0/3857",
          "x".repeat(3000),
          "a,b,c",
          "geometry",
          "-0",
          "P1Y",
          "*",
          "W/\"1\"",
          "true",
          "FALSE",
          "json",
          "html",
          "csv",
          "xlsx",
          "geojson",
          "GBK",
          "UTF-8",
          "latin1",
          "parcel",
          "district",
          "440604",
          "CITY",
          "A,B",
          "taxPerMu",
          "areaMu",
          "-areaMu",
          "+code",
          "{\"type\":\"Polygon\",\"coordinates\":[[[113,23],[113.1,23],[113.1,23.1],[113,23]]]}",
          "{\"type\":\"Polygon\",\"coordinates\":[[[113,23,1],[113.1,23,1],[113.1,23.1,1],"
              + "[113,23,1]]]}");

  private static final List<String> EXTRA_NAMES =
      List.of(
          "",
          "",
          "min.taxPerMu",
          "max.areaMu",
          "grade",
          "breach",
          "polygon",
          "industry",
          "town",
          "f",
          "crs",
          "bbox",
          "limit",
          "x'--",
          "\u0000");

  private static Arbitrary<String> valuesFor(Parameter p) {
    List<String> valid = new ArrayList<>(p.examples());
    Arbitrary<String> typed =
        switch (p.type()) {
          case "integer" ->
              Arbitraries.oneOf(
                  Arbitraries.integers().between(-2, 60).map(String::valueOf),
                  Arbitraries.integers().between(2018, 2027).map(String::valueOf),
                  Arbitraries.longs().map(String::valueOf));
          case "number" ->
              Arbitraries.oneOf(
                  Arbitraries.doubles().between(-200, 200).map(String::valueOf),
                  Arbitraries.doubles().between(22, 24).ofScale(6).map(String::valueOf));
          case "boolean" -> Arbitraries.of("true", "false", "1", "yes");
          case "array" ->
              Arbitraries.doubles()
                  .between(-200, 200)
                  .list()
                  .ofMaxSize(7)
                  .map(l -> String.join(",", l.stream().map(String::valueOf).toList()));
          default -> Arbitraries.strings().ofMaxLength(12);
        };
    Arbitrary<String> named =
        switch (p.name()) {
          case "collectionId", "layer" ->
              Arbitraries.of(collections).map(c -> c.equals("district") ? "parcel" : c);
          case "id", "featureId", "version" ->
              Arbitraries.integers().between(1, 40).map(String::valueOf);
          case "z" -> Arbitraries.integers().between(0, 16).map(String::valueOf);
          case "x", "y" -> Arbitraries.integers().between(0, 70_000).map(String::valueOf);
          case "datetime", "asOf" -> timeArbitrary();
          case "filter" -> cql2TextArbitrary();
          case "bbox" ->
              Arbitraries.of(
                  "113,23,113.1,23.1", "112.9,22.9,113.3,23.3", "23,113,23.1,113.1", "1,2,3");
          default -> typed;
        };
    Arbitrary<String> absent = Arbitraries.just(null);
    List<net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends String>>> choices =
        new ArrayList<>();
    choices.add(net.jqwik.api.Tuple.of(p.in().equals("path") ? 0 : 4, absent));
    choices.add(net.jqwik.api.Tuple.of(4, named));
    choices.add(net.jqwik.api.Tuple.of(4, Arbitraries.of(HOSTILE_VALUES)));
    choices.add(net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(40)));
    if (!valid.isEmpty()) {
      choices.add(net.jqwik.api.Tuple.of(3, Arbitraries.of(valid)));
    }
    choices.removeIf(c -> c.get1() == 0);
    @SuppressWarnings("unchecked")
    net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends String>>[] array =
        choices.toArray(new net.jqwik.api.Tuple.Tuple2[0]);
    return Arbitraries.frequencyOf(array);
  }

  /** Request targets with what a URL must not hold, raw: controls, spaces, non-ASCII, %-junk. */
  @Provide
  Arbitrary<String> rawTargets() {
    Arbitrary<String> junk =
        Arbitraries.strings()
            .ofMaxLength(30)
            .withChars("\u0001\u001f\u007f\"<>\\^`{|}%ZZ%00%C0%AF佛 \t[]#?&=;");
    return Combinators.combine(
            Arbitraries.of(
                "/ogc/collections/parcel/items?filter=",
                "/api/layers/parcel/features/",
                "/tiles/parcel/0/0/",
                "/api/reserve/pieces?district=",
                "/",
                "/ogc/",
                ""),
            junk)
        .as((prefix, j) -> prefix + j);
  }

  // ---- the checks

  /** Text no answer may hold (unless the request held it). */
  private static final List<Pattern> LEAKS =
      List.of(
          Pattern.compile("\\b(?:SELECT|INSERT INTO|DELETE FROM|UPDATE \\w+ SET|SET LOCAL)\\b"),
          Pattern.compile("\\bERROR: "),
          Pattern.compile("violates [a-z-]+ constraint"),
          Pattern.compile("relation \"\\w+\""),
          Pattern.compile("syntax error at or near"),
          Pattern.compile("PSQLException|SQLState|org\\.postgresql"),
          Pattern.compile(
              "\\b(?:java|javax|jakarta|org\\.springframework|org\\.apache)\\.[a-z]+\\."),
          Pattern.compile("\\bcn\\.foshan\\.redline\\."),
          Pattern.compile("[A-Za-z]+Exception\\b"),
          Pattern.compile("\\bat [a-z][\\w.$]+\\([\\w$]+\\.java:\\d+\\)"),
          Pattern.compile("<title>HTTP Status"));

  private static void check(String what, String input, HttpResponse<byte[]> answer) {
    Tally t = tally(what.startsWith("parameters") ? "parameters" : what);
    t.cases.incrementAndGet();
    t.last = System.nanoTime();
    t.count(answer.statusCode());
    String body = new String(answer.body(), StandardCharsets.UTF_8);
    String shown = escape(input.length() > 600 ? input.substring(0, 600) + "…" : input);
    if (answer.statusCode() >= 500) {
      t.serverError(what + " " + shown + " → " + answer.statusCode() + " " + body);
    }
    assertThat(answer.statusCode()).as("%s %s → %s", what, shown, body).isLessThan(500);
    if (answer.statusCode() >= 400) {
      assertThat(answer.headers().firstValue("Content-Type").orElse(""))
          .as("%s %s → %s", what, shown, body)
          .startsWith("application/problem+json");
      assertThat(json(answer.body()).path("detail").asString(""))
          .as("%s %s → %s", what, shown, body)
          .isNotBlank();
    }
    assertClean(input, body);
  }

  private static void assertClean(String input, String body) {
    for (Pattern leak : LEAKS) {
      Matcher m = leak.matcher(body);
      if (m.find() && !leak.matcher(input).find()) {
        throw new AssertionError(
            "the answer holds '" + m.group() + "' for " + escape(input) + " → " + body);
      }
    }
    for (String name : constraintNames) {
      if (body.contains(name) && !input.contains(name)) {
        throw new AssertionError(
            "the answer names constraint " + name + " for " + escape(input) + " → " + body);
      }
    }
  }

  /**
   * A refused write leaves the draft as it was; an accepted one adds its edits; nothing is ever
   * committed (all writes went to the draft).
   */
  private static void assertNothingLost(String input, HttpResponse<byte[]> answer, long before) {
    long after = edits();
    if (answer.statusCode() >= 400) {
      assertThat(after)
          .as("a refused write changed the draft: %s", escape(input))
          .isEqualTo(before);
    } else {
      // a replacement of a feature the draft already changes takes that edit's place
      assertThat(after).as("an accepted write: %s", escape(input)).isGreaterThanOrEqualTo(before);
    }
    assertThat(committed()).as("nothing committed: %s", escape(input)).isEqualTo(committedBefore);
  }

  private static long edits() {
    return jdbc.sql("SELECT count(*) FROM change_set_edit WHERE change_set_id = :cs")
        .param("cs", draft)
        .query(Long.class)
        .single();
  }

  private static long committed() {
    return jdbc.sql("SELECT count(*) FROM change_set WHERE status <> 'DRAFT'")
        .query(Long.class)
        .single();
  }

  // ---- HTTP

  /** Logs the bureau in by the login form (with the CSRF token the service hands out). */
  private static String xsrfToken() {
    return COOKIES.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(java.net.HttpCookie::getValue)
        .findFirst()
        .orElse("");
  }

  private static void login() throws Exception {
    BUREAU_HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/api/me")).GET().build(),
        HttpResponse.BodyHandlers.discarding());
    String token = xsrfToken();
    HttpResponse<Void> login =
        BUREAU_HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.ofString("username=bureau&password=bureau-2026"))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(login.statusCode()).as("login").isIn(200, 302);
  }

  private static HttpResponse<byte[]> get(String path, String authorization, String... headers)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2)).GET();
    if (authorization != null) {
      r.header("Authorization", authorization);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      r.header(headers[i], headers[i + 1]);
    }
    return (authorization == null ? HTTP : BUREAU_HTTP)
        .send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static HttpResponse<byte[]> send(
      String method, String path, String body, String type, String authorization, String... more)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofMinutes(2))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", type)
            .header("Authorization", authorization);
    // the client holds a session too: a write then needs its CSRF token, Basic or not
    String token = xsrfToken();
    if (!token.isEmpty()) {
      r.header("X-XSRF-TOKEN", token);
    }
    if (more.length > 0 && !more[0].isEmpty()) {
      r.header("Content-Crs", more[0]);
    }
    if (more.length > 1 && !more[1].isEmpty()) {
      r.header("If-Match", more[1]);
    }
    return BUREAU_HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
      }
    } catch (java.net.SocketException e) {
      // reset by the server after its answer: what came is the answer
    }
    return out.toByteArray();
  }

  private static JsonNode json(byte[] body) {
    return JSON.readTree(body);
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      b.append(c < 0x20 || (c > 0x7e && c < 0xa0) ? String.format("\\u%04x", (int) c) : c);
    }
    return b.toString();
  }

  private static Tally tally(String what) {
    return TALLIES.computeIfAbsent(what, k -> new Tally());
  }

  /** Cases, answers by status, and the 5xx (the first few, with their inputs) of one property. */
  private static final class Tally {
    final AtomicLong cases = new AtomicLong();
    final AtomicLong serverErrors = new AtomicLong();
    final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    final List<String> examples = java.util.Collections.synchronizedList(new ArrayList<>());
    final long first = System.nanoTime();
    volatile long last = first;

    void count(int status) {
      statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }

    void serverError(String example) {
      serverErrors.incrementAndGet();
      if (examples.size() < 5) {
        examples.add(example.length() > 500 ? example.substring(0, 500) + "…" : example);
      }
    }

    @Override
    public String toString() {
      return cases
          + String.format(Locale.ROOT, " cases in %.0f s", (last - first) / 1e9)
          + ", statuses "
          + new TreeMap<>(statuses)
          + ", 5xx "
          + serverErrors
          + (examples.isEmpty() ? "" : " e.g. " + examples);
    }
  }

  // ---- the endpoints, from the OpenAPI descriptions

  /** A parameter: where it goes, its name, its type, and values its description names. */
  record Parameter(String in, String name, String type, List<String> examples) {}

  /** A GET endpoint with its parameters. */
  record Endpoint(String path, List<Parameter> parameters) {

    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9:._+-]{1,40}");

    static List<Endpoint> from(JsonNode openApi, String prefix) {
      List<Endpoint> found = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = openApi.path("paths").properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> path = it.next();
        JsonNode get = path.getValue().get("get");
        if (get == null) {
          continue;
        }
        List<Parameter> parameters = new ArrayList<>();
        List<JsonNode> declared = new ArrayList<>();
        path.getValue().path("parameters").forEach(declared::add);
        get.path("parameters").forEach(declared::add);
        for (JsonNode p : declared) {
          if (p.has("$ref")) {
            String ref = p.get("$ref").asString();
            p = openApi.at(ref.substring(1));
          }
          String in = p.path("in").asString("query");
          if (in.equals("cookie")) {
            continue;
          }
          JsonNode schema = p.path("schema");
          List<String> examples = new ArrayList<>();
          schema.path("enum").forEach(v -> examples.add(v.asString()));
          schema.path("items").path("enum").forEach(v -> examples.add(v.asString()));
          if (schema.has("default")) {
            examples.add(schema.get("default").asString());
          }
          Matcher words = WORD.matcher(p.path("description").asString(""));
          while (words.find() && examples.size() < 30) {
            examples.add(words.group());
          }
          parameters.add(
              new Parameter(
                  in, p.path("name").asString(), schema.path("type").asString("string"), examples));
        }
        found.add(new Endpoint(prefix + path.getKey(), parameters));
      }
      return found;
    }

    Request request(List<String> values, boolean authorized, String extraName, String extraValue) {
      String url = path;
      StringBuilder query = new StringBuilder();
      List<String> headers = new ArrayList<>();
      Map<String, String> seen = new LinkedHashMap<>();
      for (int i = 0; i < parameters.size(); i++) {
        Parameter p = parameters.get(i);
        String v = values.get(i);
        if (v == null) {
          continue;
        }
        switch (p.in()) {
          case "path" -> {
            String segment = v.isEmpty() ? "%20" : encode(v);
            url = url.replace("{" + p.name() + "}", segment);
          }
          case "header" -> {
            if (v.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !v.isBlank()) {
              headers.add(p.name());
              headers.add(v);
            }
          }
          default -> {
            if (seen.put(p.name(), v) == null) {
              query
                  .append(query.length() == 0 ? "?" : "&")
                  .append(encode(p.name()))
                  .append('=')
                  .append(encode(v));
            }
          }
        }
      }
      url = url.replaceAll("\\{[^}]+}", "1");
      if (!extraName.isEmpty()) {
        query
            .append(query.length() == 0 ? "?" : "&")
            .append(encode(extraName))
            .append('=')
            .append(encode(extraValue));
      }
      return new Request(this, url + query, authorized, headers.toArray(new String[0]));
    }

    private static String encode(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }

  /** One generated GET request. */
  @SuppressWarnings("ArrayRecordComponent") // a carrier, never compared
  record Request(Endpoint endpoint, String url, boolean authorized, String[] headers) {
    @Override
    public String toString() {
      return url + (authorized ? " (as bureau)" : "") + " " + String.join(" ", headers);
    }
  }
}
