package cn.foshan.redline.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.WithBrowser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Text from data is never HTML (D2 of the trust issue). Markup that would run script if a page
 * parsed it — an image whose onerror sets window.__xss, elements of class xss-probe, an entity — is
 * stored in the free-text fields a district officer or an import can fill (a cluster's name, an
 * enterprise's name, a change set's reason, 文号 and author, a review comment, a reserve piece's name
 * and ledger, a village park's and a factory building's names; codes cannot hold it, see
 * FeatureCodesTest), straight in the database as committed change sets. Every page that shows them
 * — the map's popup, labels, history and review panels, the planner's page (table, tooltips on
 * hover, choropleth, charts and their tooltips, summary links, the printable summary), the reserve
 * dashboard and its ledger, the renovation dashboard — shows the text literally, no element of the
 * markup exists, no script ran, and the browser reports no Content Security Policy violation. And
 * every response carries the policy; the cookies are SameSite=Strict.
 */
@WithBrowser(cspAfterEach = false)
class HostileTextBrowserTest extends EditingTest {

  /** Would set window.__xss and leave .xss-probe elements if parsed as HTML. */
  private static final String MARKUP =
      "<img src=x onerror=\"window.__xss=1\" class=\"xss-probe\"><b class=\"xss-probe\">&amp;</b>";

  private static final String CLUSTER = "恶意集聚区" + MARKUP;
  private static final String ENTERPRISE = "恶意企业" + MARKUP;
  private static final String AUTHOR = "恶意经办" + MARKUP;
  private static final String REASON = "恶意原因" + MARKUP;
  private static final String DOCUMENT = "佛〔2026〕" + MARKUP;
  private static final String COMMENT = "恶意意见" + MARKUP;
  private static final String PIECE = "恶意储备" + MARKUP;
  private static final String PARK = "恶意园区" + MARKUP;
  private static final String BUILDING = "恶意厂房" + MARKUP;

  /**
   * A parcel with one enterprise, in a cluster, whose point on its surface lies in a red line
   * (outside the districts other tests change): a click there shows all three.
   */
  private static final String TARGET =
      """
      SELECT p.id AS parcel, p.cluster_id AS cluster, c.code AS cluster_code, r.id AS red_line,
             p.district_code AS district,
             l.enterprise_id AS enterprise, ST_X(s.pt) AS lon, ST_Y(s.pt) AS lat
      FROM parcel p
      CROSS JOIN LATERAL (SELECT ST_PointOnSurface(p.geom) AS pt) s
      JOIN industrial_cluster c ON c.id = p.cluster_id
      JOIN red_line r ON ST_Covers(r.geom, s.pt)
      JOIN parcel_enterprise l ON l.parcel_id = p.id
      WHERE p.district_code NOT IN ('440604', '440606')
        AND (SELECT count(*) FROM parcel_enterprise o WHERE o.parcel_id = p.id) = 1
        AND EXISTS (SELECT 1 FROM parcel_efficiency pe WHERE pe.parcel_id = p.id)
      ORDER BY p.id DESC
      LIMIT 1
      """;

  /** The enterprise the printable summary of a cluster lists first (select_top_enterprises). */
  private static final String TOP_ENTERPRISE =
      """
      SELECT ee.enterprise_id FROM enterprise_efficiency ee JOIN enterprise e ON e.id = ee.enterprise_id
      WHERE ee.year = :year AND ee.tax_per_mu IS NOT NULL
        AND EXISTS (SELECT 1 FROM parcel_enterprise l JOIN parcel_efficiency pe
                      ON pe.parcel_id = l.parcel_id AND pe.year = :year
                    WHERE l.enterprise_id = ee.enterprise_id AND pe.cluster_id = :cluster)
      ORDER BY ee.tax_per_mu DESC, e.credit_code
      LIMIT 1
      """;

  private static ChromeDriver browser;

  /** What the test changed, to put back afterwards: statement → its parameters. */
  private static final List<Object[]> RESTORE = new ArrayList<>();

  /** The hostile data's ids, once written. */
  private static Map<String, Object> ids;

  @AfterAll
  static void restore() throws Exception {
    if (ids == null) {
      return;
    }
    // the data as it was, so that the tests sharing this city find it unchanged
    try (Connection c = TestDatabase.connect(SCHEMA)) {
      long restore;
      try (PreparedStatement st =
              c.prepareStatement(
                  "INSERT INTO change_set (author, reason, status, committed_at)"
                      + " VALUES ('test', 'restore after HostileTextBrowserTest', 'COMMITTED', now())"
                      + " RETURNING id");
          ResultSet rs = st.executeQuery()) {
        rs.next();
        restore = rs.getLong(1);
      }
      for (Object[] step : RESTORE) {
        try (PreparedStatement st =
            c.prepareStatement(((String) step[0]).replace(":restore", Long.toString(restore)))) {
          for (int i = 1; i < step.length; i++) {
            st.setObject(i, step[i]);
          }
          st.executeUpdate();
        }
      }
    }
  }

  private String base() {
    return client().base();
  }

  /** Opens a page of the service with no cookies left from another test, and no old messages. */
  private void open(String path) {
    browser.get(base() + "/favicon.svg");
    browser.manage().deleteAllCookies();
    Browser.cspViolations(browser);
    browser.get(base() + path);
  }

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(60));
  }

  private Object js(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  private long id(String key) {
    return ((Number) ids.get(key)).longValue();
  }

  private Object value(String sql, Map<String, Object> params) {
    var query = jdbc.sql(sql);
    for (var p : params.entrySet()) {
      query = query.param(p.getKey(), p.getValue());
    }
    return query.query().singleValue();
  }

  private void remember(String sql, Object... params) {
    Object[] step = new Object[params.length + 1];
    step[0] = sql;
    System.arraycopy(params, 0, step, 1, params.length);
    RESTORE.add(step);
  }

  /** Writes the hostile text into the city once, remembering what it replaced. */
  @BeforeEach
  void hostileData() {
    if (ids != null) {
      return;
    }
    Map<String, Object> target = jdbc.sql(TARGET).query().singleRow();
    Map<String, Object> found = new LinkedHashMap<>(target);
    long cluster = ((Number) target.get("cluster")).longValue();
    int year = ((Number) value("SELECT max(year) FROM enterprise_efficiency", Map.of())).intValue();
    found.put("year", year);
    long top =
        ((Number) value(TOP_ENTERPRISE, Map.of("year", year, "cluster", cluster))).longValue();
    long piece = ((Number) value("SELECT min(id) FROM reserve_land", Map.of())).longValue();
    long park =
        ((Number) value("SELECT min(id) FROM village_park WHERE modern_park", Map.of()))
            .longValue();
    found.put("piece", piece);
    found.put("park", park);

    long cs =
        jdbc.sql(
                "INSERT INTO change_set (author, reason, document_number, status, committed_at)"
                    + " VALUES (:author, :reason, :doc, 'COMMITTED', now()) RETURNING id")
            .param("author", AUTHOR)
            .param("reason", REASON)
            .param("doc", DOCUMENT)
            .query(Long.class)
            .single();
    found.put("changeSet", cs);

    String clusterName =
        (String) value("SELECT name FROM industrial_cluster WHERE id = :id", Map.of("id", cluster));
    jdbc.sql("UPDATE industrial_cluster SET name = :n, change_set_id = :cs WHERE id = :id")
        .param("n", CLUSTER)
        .param("cs", cs)
        .param("id", cluster)
        .update();
    jdbc.sql("UPDATE unit_efficiency SET name = :n WHERE level = 'cluster' AND code = :code")
        .param("n", CLUSTER)
        .param("code", Long.toString(cluster))
        .update();
    remember(
        "UPDATE industrial_cluster SET name = ?, change_set_id = :restore WHERE id = ?",
        clusterName,
        cluster);
    remember(
        "UPDATE unit_efficiency SET name = ? WHERE level = 'cluster' AND code = ?",
        clusterName,
        Long.toString(cluster));

    for (long enterprise : new long[] {((Number) target.get("enterprise")).longValue(), top}) {
      String name =
          (String) value("SELECT name FROM enterprise WHERE id = :id", Map.of("id", enterprise));
      if (!name.equals(ENTERPRISE)) {
        remember("UPDATE enterprise SET name = ? WHERE id = ?", name, enterprise);
      }
      jdbc.sql("UPDATE enterprise SET name = :n WHERE id = :id")
          .param("n", ENTERPRISE)
          .param("id", enterprise)
          .update();
    }

    long redLine = ((Number) target.get("red_line")).longValue();
    Object document =
        jdbc.sql("SELECT document_number FROM red_line WHERE id = :id")
            .param("id", redLine)
            .query()
            .singleRow()
            .get("document_number");
    jdbc.sql("UPDATE red_line SET document_number = :d, change_set_id = :cs WHERE id = :id")
        .param("d", DOCUMENT)
        .param("cs", cs)
        .param("id", redLine)
        .update();
    remember(
        "UPDATE red_line SET document_number = ?, change_set_id = :restore WHERE id = ?",
        document,
        redLine);

    String pieceName =
        (String) value("SELECT name FROM reserve_land WHERE id = :id", Map.of("id", piece));
    jdbc.sql("UPDATE reserve_land SET name = :n, change_set_id = :cs WHERE id = :id")
        .param("n", PIECE)
        .param("cs", cs)
        .param("id", piece)
        .update();
    remember(
        "UPDATE reserve_land SET name = ?, change_set_id = :restore WHERE id = ?",
        pieceName,
        piece);
    Map<String, Object> ledger =
        jdbc.sql(
                "SELECT id, actor, document_number FROM reserve_land_stage WHERE reserve_land_id = :id"
                    + " ORDER BY entered_on DESC, id DESC LIMIT 1")
            .param("id", piece)
            .query()
            .singleRow();
    jdbc.sql("UPDATE reserve_land_stage SET actor = :a, document_number = :d WHERE id = :id")
        .param("a", AUTHOR)
        .param("d", DOCUMENT)
        .param("id", ledger.get("id"))
        .update();
    remember(
        "UPDATE reserve_land_stage SET actor = ?, document_number = ? WHERE id = ?",
        ledger.get("actor"),
        ledger.get("document_number"),
        ledger.get("id"));

    String parkName =
        (String) value("SELECT name FROM village_park WHERE id = :id", Map.of("id", park));
    jdbc.sql("UPDATE village_park SET name = :n, change_set_id = :cs WHERE id = :id")
        .param("n", PARK)
        .param("cs", cs)
        .param("id", park)
        .update();
    remember(
        "UPDATE village_park SET name = ?, change_set_id = :restore WHERE id = ?", parkName, park);

    // the factory building of the first alert (alerts are computed, not stored)
    long building;
    try {
      building =
          expect(200, "GET", "/api/factories/alerts", null, null)
              .at("/alerts/0/factoryBuildingId")
              .asLong();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    String buildingName =
        (String) value("SELECT name FROM factory_building WHERE id = :id", Map.of("id", building));
    jdbc.sql("UPDATE factory_building SET name = :n WHERE id = :id")
        .param("n", BUILDING)
        .param("id", building)
        .update();
    remember("UPDATE factory_building SET name = ? WHERE id = ?", buildingName, building);
    found.put("building", building);

    // a district officer's proposal, and one the bureau rejected, for the review panel
    for (String status : new String[] {"PROPOSED", "REJECTED"}) {
      long proposal =
          jdbc.sql(
                  "INSERT INTO change_set (author, reason, document_number, status, district_code,"
                      + " submitted_at, reviewed_by, reviewed_at, review_comment)"
                      + " VALUES ('nanhai', :reason, :doc, :status, '440605', now(),"
                      + " CASE WHEN :status = 'REJECTED' THEN 'bureau' END,"
                      + " CASE WHEN :status = 'REJECTED' THEN now() END,"
                      + " CASE WHEN :status = 'REJECTED' THEN :comment END) RETURNING id")
              .param("reason", REASON)
              .param("doc", DOCUMENT)
              .param("status", status)
              .param("comment", COMMENT)
              .query(Long.class)
              .single();
      found.put(status, proposal);
      remember("DELETE FROM change_set WHERE id = ?", proposal);
    }
    ids = found;
  }

  /**
   * No element of the markup exists, no script of it ran, and the browser refused nothing under the
   * Content-Security-Policy (which would have been the markup, or a page breaking the policy).
   */
  private void assertNothingRan(String where) {
    assertThat(js("return window.__xss === undefined"))
        .as(where + ": window.__xss")
        .isEqualTo(true);
    assertThat(js("return document.querySelectorAll('.xss-probe').length"))
        .as(where + ": elements made from the markup")
        .isEqualTo(0L);
    assertThat(Browser.cspViolations(browser)).as(where + ": CSP violations").isEmpty();
  }

  private String text(String css) {
    return (String) js("return document.querySelector(arguments[0])?.textContent ?? ''", css);
  }

  private void logInThroughTheDialog(String user, String password, String role) {
    cn.foshan.redline.Browser.logIn(browser, "login-button", user, password, role);
  }

  private double number(String key) {
    return ((Number) ids.get(key)).doubleValue();
  }

  @Test
  void theMapItsPopupHistoryAndReviewShowHostileTextAsText() {
    open("/");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    logInThroughTheDialog("bureau", "bureau-2026", "BUREAU");
    assertNothingRan("map page");

    // the cluster's name on the map
    js(
        "window.redline.map.setView([arguments[0], arguments[1]], 17, {animate: false})",
        number("lat"),
        number("lon"));
    waiting()
        .until(
            d ->
                text(".cluster-label[data-code='" + ids.get("cluster_code") + "']")
                    .contains(CLUSTER));

    // the popup at the parcel: its enterprise, its cluster's name, its red line's 文号
    Browser.clickMapAt(browser, number("lon"), number("lat"), 0, 0);
    String parcel = ".feature-popup section.fp-feature[data-layer='parcel']";
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(parcel)));
    assertThat(text(parcel + " .fp-prop-enterprises")).contains(ENTERPRISE);
    assertThat(text(".feature-popup section.fp-feature[data-layer='cluster'] .fp-title"))
        .contains(CLUSTER);
    String redLine =
        ".feature-popup section.fp-feature[data-layer='red_line'][data-id='"
            + id("red_line")
            + "']";
    assertThat(text(redLine)).contains(DOCUMENT);
    assertNothingRan("popup");

    // the red line's history: who, why, which 文号
    browser.findElement(By.cssSelector(redLine + " .fp-history")).click();
    String version = "#history-panel li[data-change-set='" + id("changeSet") + "']";
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(version)));
    assertThat(text(version + " .version-author")).isEqualTo(AUTHOR);
    assertThat(text(version + " .version-reason")).isEqualTo(REASON);
    assertThat(text(version + " .version-document")).isEqualTo(" · " + DOCUMENT);
    assertNothingRan("history panel");

    // the review panel: the proposal's reason and 文号, the rejected one's comment
    browser.findElement(By.id("review-toggle")).click();
    String proposed = "#review-list li[data-change-set='" + id("PROPOSED") + "']";
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(proposed)));
    assertThat(text(proposed + " .review-reason")).isEqualTo(REASON);
    assertThat(text(proposed + " .review-meta")).contains(DOCUMENT);
    new Select(browser.findElement(By.id("review-status"))).selectByValue("");
    String rejected = "#review-list li[data-change-set='" + id("REJECTED") + "']";
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(rejected)));
    assertThat(text(rejected + " .review-comment")).contains(COMMENT);
    assertNothingRan("review panel");
  }

  @Test
  void thePlannersPageShowsHostileTextAsTextInTablesTooltipsAndCharts() {
    open("/efficiency.html");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    logInThroughTheDialog("planner", "planner-2026", "PLANNER");
    waiting().until(d -> js("return document.body.dataset.queries") != null);
    String cluster = Long.toString(id("cluster"));

    // the cluster in the form (of its district: the ranking of clusters is the district's), and
    // the query of its parcels
    String option = "#cluster option[value='" + cluster + "']";
    waiting().until(d -> !browser.findElements(By.cssSelector(option)).isEmpty());
    new Select(browser.findElement(By.id("district"))).selectByValue((String) ids.get("district"));
    assertThat(text(option)).isEqualTo(CLUSTER);
    String before = (String) js("return document.body.dataset.queries");
    new Select(browser.findElement(By.id("cluster"))).selectByValue(cluster);
    browser.findElement(By.id("run-query")).click();
    waiting().until(d -> !before.equals(js("return document.body.dataset.queries")));
    assertThat(js("return document.body.dataset.queryError")).isNull();
    List<WebElement> rows = browser.findElements(By.cssSelector("#results-body tr"));
    assertThat(rows).isNotEmpty();
    assertThat(rows.get(0).getText()).contains(CLUSTER);

    // a result's tooltip, on hovering its shape
    @SuppressWarnings("unchecked")
    Map<String, Number> centre =
        (Map<String, Number>)
            js(
                "const l = window.efficiency.results.getLayers()[0];"
                    + "window.efficiency.map.fitBounds(l.getBounds(), {animate: false, maxZoom: 17});"
                    + "const c = l.getCenter(); return {lat: c.lat, lon: c.lng};");
    Browser.pointMapAt(
            browser,
            "eff-map",
            "window.efficiency.map",
            centre.get("lon").doubleValue(),
            centre.get("lat").doubleValue(),
            0,
            0)
        .perform();
    waiting().until(d -> text("#eff-map .leaflet-tooltip-pane .leaflet-tooltip").contains(CLUSTER));
    assertNothingRan("result tooltip");

    // the choropleth of clusters: the cluster's tooltip
    new Select(browser.findElement(By.id("choropleth-level"))).selectByValue("cluster");
    waiting()
        .until(
            ExpectedConditions.attributeToBe(By.id("choropleth-status"), "data-state", "loaded"));
    js(
        "window.efficiency.choropleth.eachLayer(l => {"
            + " if (l.feature.properties.code === arguments[0]) l.openTooltip(l.getCenter()); });",
        cluster);
    waiting().until(d -> text("#eff-map .leaflet-tooltip-pane .leaflet-tooltip").contains(CLUSTER));
    assertNothingRan("choropleth tooltip");

    // the charts: the ranking of clusters and the trend of the cluster, with their tooltips
    browser.findElement(By.cssSelector("[data-tab='charts-panel']")).click();
    new Select(browser.findElement(By.id("ranking-level"))).selectByValue("cluster");
    waiting()
        .until(
            d ->
                Boolean.TRUE.equals(
                    js(
                        "const option = id => echarts.getInstanceByDom("
                            + "document.getElementById(id))?.getOption();"
                            + "return Boolean(option('chart-ranking')?.yAxis[0].data"
                            + ".includes(arguments[0]) && option('chart-trend')?.series"
                            + ".some(s => s.name === arguments[0]));",
                        CLUSTER)));
    js(
        "const chart = echarts.getInstanceByDom(document.getElementById('chart-trend'));"
            + "const series = chart.getOption().series;"
            + "chart.dispatchAction({type: 'showTip', seriesIndex: series.length - 1,"
            + " dataIndex: series[series.length - 1].data.length - 1});");
    waiting().until(d -> text("#chart-trend").contains(CLUSTER));
    js(
        "const chart = echarts.getInstanceByDom(document.getElementById('chart-ranking'));"
            + "const names = chart.getOption().yAxis[0].data;"
            + "chart.dispatchAction({type: 'showTip', seriesIndex: 0,"
            + " dataIndex: names.indexOf(arguments[0])});",
        CLUSTER);
    waiting().until(d -> text("#chart-ranking").contains(CLUSTER));
    assertNothingRan("charts");

    // the link to the cluster's printable summary, and the summary
    browser.findElement(By.cssSelector("[data-tab='summary-panel']")).click();
    WebElement link =
        browser.findElement(By.cssSelector("#summary-clusters a[data-code='" + cluster + "']"));
    assertThat(link.getText()).isEqualTo(CLUSTER);
    browser.get(
        base()
            + "/efficiency-summary.html?level=cluster&code="
            + cluster
            + "&year="
            + ids.get("year"));
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    assertThat(browser.getTitle()).startsWith(CLUSTER);
    assertThat(text("#title")).contains(CLUSTER);
    assertThat(text("#top tbody tr")).contains(ENTERPRISE);
    assertNothingRan("printable summary");
  }

  @Test
  void theReserveDashboardAndItsLedgerShowHostileTextAsText() {
    open("/reserve.html");
    waiting().until(d -> "1".equals(js("return document.body.dataset.loaded")));
    String row = "#pieces-body tr[data-id='" + id("piece") + "']";
    assertThat(text(row)).contains(PIECE);
    browser.findElement(By.cssSelector(row + " button.ledger")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("ledger-dialog")));
    assertThat(text("#ledger-what")).contains(PIECE);
    assertThat(text("#ledger-body")).contains(AUTHOR).contains(DOCUMENT);
    browser.findElement(By.id("ledger-close")).click();
    // the piece on the map, and its tooltip
    browser.findElement(By.cssSelector(row + " button.show-on-map")).click();
    new Actions(browser)
        .moveToElement(
            browser.findElement(By.cssSelector("#pieces-map path[data-id='" + id("piece") + "']")))
        .perform();
    waiting()
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".leaflet-tooltip")));
    assertThat(text(".leaflet-tooltip")).contains(PIECE);
    // and the charts' tooltips
    js(
        "document.querySelectorAll('[_echarts_instance_]').forEach(d =>"
            + " echarts.getInstanceByDom(d).dispatchAction({type: 'showTip', seriesIndex: 0,"
            + " dataIndex: 0}));");
    assertNothingRan("reserve dashboard");
  }

  @Test
  void theFactoryPageShowsHostileTextAsText() {
    open("/factories.html");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    // the first alert's building, in the alerts table (and its building's alerts in it)
    assertThat(text("#alerts-body")).contains(BUILDING);
    assertThat(text("#alerts-body tr:first-child")).contains(BUILDING);
    assertNothingRan("factory buildings page");
  }

  @Test
  void theRenovationDashboardShowsHostileTextAsText() {
    open("/renovation.html");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    assertThat(text("#modern-parks tbody")).contains(PARK);
    assertThat(text("#alerts tbody")).contains(BUILDING);
    js(
        "document.querySelectorAll('[_echarts_instance_]').forEach(d =>"
            + " echarts.getInstanceByDom(d).dispatchAction({type: 'showTip', seriesIndex: 0,"
            + " dataIndex: 0}));");
    assertNothingRan("renovation dashboard");
  }

  @Test
  void theApiDocumentationAndTheOgcPagesLoadWithinThePolicy() {
    open("/swagger-ui.html");
    // Swagger UI read the OpenAPI document (a request the policy allows) and drew its operations
    waiting()
        .until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector(".opblock"), 10));
    assertNothingRan("swagger-ui");
    for (String page :
        List.of("/ogc?f=html", "/ogc/collections?f=html", "/ogc/collections/parcel/items?f=html")) {
      browser.get(base() + page);
      waiting().until(d -> "complete".equals(js("return document.readyState")));
      // styled by its style sheet: the table borders of ogc.css
      assertThat(js("return getComputedStyle(document.body).marginTop")).isEqualTo("32px");
      assertNothingRan(page);
    }
  }

  @Test
  void everyResponseCarriesTheContentSecurityPolicy() throws Exception {
    for (String path :
        List.of(
            "/",
            "/efficiency.html",
            "/app.js",
            "/api/layers",
            "/api/efficiency/parcels",
            "/ogc?f=html",
            "/tiles/district/8/208/111.mvt",
            "/v3/api-docs",
            "/no-such-page")) {
      HttpResponse<byte[]> response = client().get(path);
      String policy = response.headers().firstValue("Content-Security-Policy").orElse(null);
      assertThat(policy).as(path).isNotNull();
      Map<String, String> directives = new LinkedHashMap<>();
      for (String directive : policy.split(";", -1)) {
        String[] parts = directive.trim().split(" ", 2);
        directives.put(parts[0], parts.length > 1 ? parts[1] : "");
      }
      assertThat(directives)
          .as(path)
          .containsEntry("default-src", "'self'")
          .containsEntry("script-src", "'self'")
          .containsEntry("style-src", "'self'")
          .containsEntry("object-src", "'none'")
          .containsEntry("base-uri", "'self'")
          .containsEntry("frame-ancestors", "'none'")
          .containsEntry("form-action", "'self'");
      assertThat(policy).as(path).doesNotContain("unsafe-eval");
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("Referrer-Policy"))
          .hasValue("strict-origin-when-cross-origin");
      assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }
  }

  @Test
  void anAnswerWithoutBodyCarriesThePolicyTooAndSwaggerUiAloneMayHaveInlineStyles()
      throws Exception {
    // a tile far outside the city: empty (Spring Security's header writers skip such answers)
    HttpResponse<byte[]> empty = client().get("/tiles/district/10/1/1.mvt");
    assertThat(empty.body()).isEmpty();
    String policy = empty.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(policy).contains("script-src 'self';", "style-src 'self';");
    String swagger =
        client()
            .get("/swagger-ui/index.html")
            .headers()
            .firstValue("Content-Security-Policy")
            .orElseThrow();
    assertThat(swagger).contains("script-src 'self';", "style-src 'self' 'unsafe-inline';");
  }

  @Test
  void theCookiesAreSameSiteStrictAndTheSessionIsHttpOnly() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    // an anonymous request gets its CSRF token: readable by the pages, sent to this site only
    HttpResponse<String> me =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/me"))
                .header("X-Requested-With", "XMLHttpRequest")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String xsrf = cookie(me, "XSRF-TOKEN");
    assertThat(xsrf).contains("SameSite=Strict").doesNotContain("HttpOnly");
    String token = xsrf.substring("XSRF-TOKEN=".length(), xsrf.indexOf(';'));

    // the login (the pages' form POST) gets the session: HttpOnly, sent to this site only
    HttpResponse<String> login =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "XSRF-TOKEN=" + token)
                .header("X-XSRF-TOKEN", token)
                .header("X-Requested-With", "XMLHttpRequest")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "username=bureau&password=bureau-2026", StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(302);
    String session = cookie(login, "JSESSIONID");
    assertThat(session).contains("SameSite=Strict").contains("HttpOnly");

    // and the browser holds them so, after logging in on a page
    open("/");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    logInThroughTheDialog("planner", "planner-2026", "PLANNER");
    Cookie jsession = browser.manage().getCookieNamed("JSESSIONID");
    assertThat(jsession.getSameSite()).isEqualTo("Strict");
    assertThat(jsession.isHttpOnly()).isTrue();
    Cookie csrf = browser.manage().getCookieNamed("XSRF-TOKEN");
    assertThat(csrf.getSameSite()).isEqualTo("Strict");
    assertThat(csrf.isHttpOnly()).isFalse();
    assertNothingRan("login");
  }

  private static String cookie(HttpResponse<?> response, String name) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(c -> c.startsWith(name + "="))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " cookie: " + response.headers()));
  }
}
