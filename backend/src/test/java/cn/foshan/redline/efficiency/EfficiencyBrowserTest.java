package cn.foshan.redline.efficiency;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.DemoCityTest;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.WithBrowser;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The planner's page (efficiency.html) in a real browser (Debian Chromium) on the demo city: it
 * asks for a login, the planner logs in, draws a polygon on the map with Leaflet-Geoman and gets
 * exactly the parcels the database says intersect it (count, and the codes of the first page in
 * code order), on the map and in the table; a threshold on tax per mu narrows them to those the API
 * finds above it; the CSV export of the same query answers with one line per parcel. And the
 * printable summary of a cluster shows the cluster's figures, without the toolbar on paper.
 */
@WithBrowser
class EfficiencyBrowserTest extends DemoCityTest {

  private static final int PAGE = 50;

  /**
   * The centre of the 0.012° cell (about 1.2 km) holding the most parcels: a drawn polygon there
   * meets dozens of them.
   */
  private static final String DENSE_CELL =
      """
      SELECT (gx + 0.5) * 0.012 AS lon, (gy + 0.5) * 0.012 AS lat
      FROM (SELECT floor(ST_X(ST_Centroid(geom)) / 0.012) AS gx,
                   floor(ST_Y(ST_Centroid(geom)) / 0.012) AS gy, count(*) AS n
            FROM parcel GROUP BY 1, 2) cells
      ORDER BY n DESC, gx, gy
      LIMIT 1
      """;

  /**
   * The parcels a planner's query of a year meets in a polygon: those granted by the year's end
   * whose shape intersects it, in code order.
   */
  private static final String PARCELS_IN_POLYGON =
      """
      SELECT code FROM parcel
      WHERE granted_on <= make_date(:year, 12, 31)
        AND ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON(:polygon), 4490))
      ORDER BY code
      """;

  private static ChromeDriver browser;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(60));
  }

  private Object js(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  private int queries() {
    Object n = js("return document.body.dataset.queries");
    return n == null ? 0 : Integer.parseInt((String) n);
  }

  /**
   * Fetches a URL from the page, with its session: the status, the content type, the number of
   * non-blank lines of the body read as text, and its first two bytes (a zip's "PK").
   */
  @SuppressWarnings("unchecked")
  private Map<String, Object> fetchInPage(String url) {
    return (Map<String, Object>)
        browser.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {credentials: 'same-origin'})"
                + ".then(r => r.arrayBuffer().then(b => done({status: r.status,"
                + " type: r.headers.get('content-type'),"
                + " lines: new TextDecoder().decode(b).split(/\\r?\\n/)"
                + ".filter(l => l.trim() !== '').length,"
                + " magic: String.fromCharCode(...new Uint8Array(b.slice(0, 2)))})))"
                + ".catch(e => done({status: -1, type: String(e), lines: 0, magic: ''}));",
            url);
  }

  /** Waits for the query after {@code before} queries to be answered, without error. */
  private void waitForQuery(int before) {
    waiting().until(d -> queries() > before);
    assertThat(js("return document.body.dataset.queryError"))
        .as(
            "query problem: %s",
            browser.findElement(By.id("query-problem")).getAttribute("textContent"))
        .isNull();
  }

  private int total() {
    return Integer.parseInt(browser.findElement(By.id("results-table")).getAttribute("data-total"));
  }

  private List<String> codesShown() {
    List<String> codes = new ArrayList<>();
    for (WebElement row : browser.findElements(By.cssSelector("#results-body tr[data-code]"))) {
      codes.add(row.getAttribute("data-code"));
    }
    return codes;
  }

  /** Clicks the efficiency page's map at a point (lon, lat). */
  private void clickAt(double lon, double lat) {
    Browser.pointMapAt(browser, "eff-map", "window.efficiency.map", lon, lat, 0, 0)
        .click()
        .perform();
  }

  /** Opens the planner's page logged in as the planner (through its login dialog if needed). */
  private void openAsPlanner() {
    browser.get("http://localhost:" + port + "/efficiency.html");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    if (browser.findElement(By.id("login-button")).isDisplayed()) {
      // not logged in: the page says why there is nothing to see, and the API agrees
      WebElement notice = browser.findElement(By.id("login-required"));
      assertThat(notice.isDisplayed()).isTrue();
      assertThat(notice.getText()).contains("请先登录").contains("log in");
      cn.foshan.redline.Browser.logIn(
          browser, "login-required-button", "planner", "planner-2026", "PLANNER");
    }
    waiting().until(d -> queries() >= 1);
    assertThat(browser.findElement(By.id("login-required")).isDisplayed()).isFalse();
  }

  private JsonNode asPlanner(String path) throws Exception {
    HttpResponse<byte[]> response = new ServiceClient(port).send("GET", path, "planner", null);
    assertThat(response.statusCode())
        .as(path + " → " + new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    return json(response.body());
  }

  @Test
  void efficiencyFiguresNeedALogin() throws Exception {
    assertThat(get("/api/efficiency/parcels?limit=1").statusCode()).isEqualTo(401);
    assertThat(get("/efficiency.html").statusCode()).isEqualTo(200);
    // every page's header links to it (page-header.js, one list of the pages)
    HttpResponse<byte[]> header = get("/page-header.js");
    assertThat(new String(header.body(), StandardCharsets.UTF_8))
        .contains("href: 'efficiency.html'");
  }

  @Test
  void thePlannerDrawsAPolygonAndGetsTheParcelsInItFiltersThemAndExportsThem() throws Exception {
    // anonymous first: the page asks for a login (openAsPlanner checks what it says)
    browser.get("http://localhost:" + port + "/efficiency.html");
    browser.manage().deleteAllCookies();
    openAsPlanner();
    String year =
        new Select(browser.findElement(By.id("year")))
            .getFirstSelectedOption()
            .getAttribute("value");
    assertThat(year).matches("\\d{4}");

    // code order and pages of 50, so that the first page can be compared with SQL
    new Select(browser.findElement(By.id("sort"))).selectByValue("code");
    new Select(browser.findElement(By.id("order"))).selectByValue("asc");
    new Select(browser.findElement(By.id("limit"))).selectByValue(String.valueOf(PAGE));

    // a pentagon of radius 0.004° (about 400 m) around the densest place
    Map<String, Object> centre = jdbc.sql(DENSE_CELL).query().singleRow();
    double lon = ((Number) centre.get("lon")).doubleValue();
    double lat = ((Number) centre.get("lat")).doubleValue();
    js(
        "window.efficiency.map.setView([arguments[0], arguments[1]], 15, {animate: false})",
        lat,
        lon);
    int before = queries();
    browser.findElement(By.id("draw-polygon")).click();
    List<double[]> vertices = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      double angle = Math.PI / 2 + i * 2 * Math.PI / 5;
      vertices.add(
          new double[] {
            lon + 0.004 * Math.cos(angle) / Math.cos(Math.toRadians(lat)),
            lat + 0.004 * Math.sin(angle)
          });
    }
    for (double[] v : vertices) {
      clickAt(v[0], v[1]);
    }
    clickAt(vertices.get(0)[0], vertices.get(0)[1]); // the first vertex again closes it
    waitForQuery(before);
    assertThat(browser.findElement(By.id("polygon-status")).getAttribute("data-drawn"))
        .isEqualTo("true");

    // exactly the parcels the database says intersect the drawn polygon
    String polygon = (String) js("return JSON.stringify(window.efficiency.polygon())");
    List<String> expected =
        jdbc.sql(PARCELS_IN_POLYGON)
            .param("year", Integer.parseInt(year))
            .param("polygon", polygon)
            .query(String.class)
            .list();
    assertThat(expected).as("parcels in the polygon").hasSizeGreaterThan(5);
    assertThat(total()).isEqualTo(expected.size());
    assertThat(codesShown()).isEqualTo(expected.subList(0, Math.min(PAGE, expected.size())));
    assertThat(browser.findElement(By.id("result-count")).getText())
        .contains(String.valueOf(expected.size()));
    // and on the map: the page's parcels, one feature each
    assertThat(((Number) js("return window.efficiency.results.getLayers().length")).intValue())
        .isEqualTo(codesShown().size());
    Files.write(
        Path.of("target", "efficiency-polygon.png"), browser.getScreenshotAs(OutputType.BYTES));

    // a hover on a row highlights its parcel on the map
    WebElement first = browser.findElement(By.cssSelector("#results-body tr[data-code]"));
    new Actions(browser).moveToElement(first).perform();
    assertThat(first.getAttribute("class")).contains("hover");

    // a threshold narrows them: tax per mu at least the median of those found
    String where =
        "/api/efficiency/parcels?year="
            + year
            + "&limit=1000&polygon="
            + URLEncoder.encode(polygon, StandardCharsets.UTF_8);
    JsonNode all = asPlanner(where);
    assertThat(all.get("total").asInt()).isEqualTo(expected.size());
    List<Double> taxes = new ArrayList<>();
    all.get("items")
        .forEach(
            item -> {
              if (item.hasNonNull("taxPerMu")) {
                taxes.add(item.get("taxPerMu").asDouble());
              }
            });
    assertThat(taxes).as("parcels with a tax per mu").hasSizeGreaterThan(2);
    taxes.sort(Double::compare);
    // halfway between two values near the median, so that rounding in the answer cannot matter
    int middle = taxes.size() / 2;
    while (middle < taxes.size() - 1 && taxes.get(middle) - taxes.get(middle - 1) < 0.001) {
      middle++;
    }
    double threshold = (taxes.get(middle - 1) + taxes.get(middle)) / 2;
    List<String> above = new ArrayList<>();
    all.get("items")
        .forEach(
            item -> {
              if (item.hasNonNull("taxPerMu") && item.get("taxPerMu").asDouble() >= threshold) {
                above.add(item.get("code").asString());
              }
            });
    WebElement min = browser.findElement(By.name("min.taxPerMu"));
    min.sendKeys(String.valueOf(threshold));
    before = queries();
    browser.findElement(By.id("run-query")).click();
    waitForQuery(before);
    assertThat(total()).isEqualTo(above.size()).isLessThan(expected.size()).isPositive();
    assertThat(above).containsAll(codesShown());

    // the CSV export of the same query answers, with a header and one line per parcel
    String csv = browser.findElement(By.id("export-csv")).getAttribute("href");
    assertThat(csv).contains("format=csv").contains("min.taxPerMu=").contains("polygon=");
    Map<String, Object> download = fetchInPage(csv);
    assertThat(((Number) download.get("status")).intValue()).isEqualTo(200);
    assertThat((String) download.get("type")).contains("csv");
    assertThat(((Number) download.get("lines")).intValue()).isEqualTo(above.size() + 1);

    // and as a Shapefile for GIS tools: a zip (PK…) of the same query
    String shp = browser.findElement(By.id("export-shp")).getAttribute("href");
    assertThat(shp).contains("format=shp").contains("min.taxPerMu=").contains("polygon=");
    Map<String, Object> file = fetchInPage(shp);
    assertThat(((Number) file.get("status")).intValue()).isEqualTo(200);
    assertThat((String) file.get("type")).contains("zip");
    assertThat((String) file.get("magic")).isEqualTo("PK");
    for (String format : List.of("geojson", "xlsx", "gpkg", "kml")) {
      assertThat(browser.findElement(By.id("export-" + format)).getAttribute("href"))
          .contains("format=" + format);
    }

    // clearing the polygon queries the whole year again
    before = queries();
    browser.findElement(By.id("clear-polygon")).click();
    waitForQuery(before);
    assertThat(js("return window.efficiency.polygon()")).isNull();
    assertThat(total()).isGreaterThan(above.size());
  }

  @Test
  void theSummaryOfAClusterPrintsOnOnePage() throws Exception {
    Map<String, Object> cluster =
        jdbc.sql(
                "SELECT c.id, c.name FROM industrial_cluster c JOIN parcel p ON p.cluster_id = c.id"
                    + " GROUP BY c.id, c.name ORDER BY count(*) DESC, c.id LIMIT 1")
            .query()
            .singleRow();
    long id = ((Number) cluster.get("id")).longValue();
    openAsPlanner();

    // the charts tab shows how the enterprises' grades moved since last year, as the API counts
    browser.findElement(By.cssSelector("[data-tab='charts-panel']")).click();
    WebElement moves =
        waiting()
            .until(
                d -> {
                  WebElement box = d.findElement(By.id("grade-changes"));
                  return box.getAttribute("data-up") != null ? box : null;
                });
    JsonNode changes =
        asPlanner(
            "/api/efficiency/grade-changes?year="
                + js("return document.getElementById('year').value"));
    assertThat(moves.getAttribute("data-up")).isEqualTo(changes.get("up").asText());
    assertThat(moves.getAttribute("data-down")).isEqualTo(changes.get("down").asText());
    assertThat(moves.findElements(By.cssSelector("tbody tr"))).hasSize(5);

    // the page links to it
    browser.findElement(By.cssSelector("[data-tab='summary-panel']")).click();
    WebElement link =
        waiting()
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#summary-clusters a[data-code='" + id + "']")));
    assertThat(link.getAttribute("href"))
        .contains("efficiency-summary.html?level=cluster&code=" + id);

    browser.get(link.getAttribute("href"));
    waiting().until(d -> js("return document.body.dataset.ready") != null);
    assertThat(js("return document.body.dataset.ready"))
        .as(browser.findElement(By.id("message")).getText())
        .isEqualTo("true");
    JsonNode summary = asPlanner("/api/efficiency/summary?level=cluster&code=" + id);
    assertThat(browser.findElement(By.id("title")).getText())
        .contains((String) cluster.get("name"));
    assertThat(browser.findElements(By.cssSelector("#kpis .sum-kpi"))).hasSize(7);
    assertThat(browser.findElements(By.cssSelector("#top tbody tr")))
        .hasSize(summary.get("topEnterprises").size());
    assertThat(browser.findElements(By.cssSelector("#weakest tbody tr")))
        .hasSize(summary.get("weakestParcels").size());
    assertThat(browser.findElement(By.id("park-block")).isDisplayed()).isTrue();
    assertThat(browser.findElements(By.cssSelector("#chart-trend canvas"))).isNotEmpty();
    Files.write(
        Path.of("target", "efficiency-summary.png"), browser.getScreenshotAs(OutputType.BYTES));

    // on paper: no toolbar, the sheet only, on one A4 page
    browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
    try {
      assertThat(browser.findElement(By.className("sum-toolbar")).isDisplayed()).isFalse();
      assertThat(browser.findElement(By.id("summary")).isDisplayed()).isTrue();
    } finally {
      browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", ""));
    }
    Map<String, Object> pdf =
        browser.executeCdpCommand(
            "Page.printToPDF", Map.of("preferCSSPageSize", true, "printBackground", true));
    String document =
        new String(
            Base64.getDecoder().decode((String) pdf.get("data")), StandardCharsets.ISO_8859_1);
    Files.writeString(
        Path.of("target", "efficiency-summary.pdf"), document, StandardCharsets.ISO_8859_1);
    assertThat(Pattern.compile("/Type\\s*/Page[^s]").matcher(document).results().count())
        .as("pages of the printed summary")
        .isEqualTo(1);
  }
}
