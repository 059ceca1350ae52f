package cn.foshan.redline.io;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.WithBrowser;
import com.sun.net.httpserver.HttpServer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The basemap switcher and a reference layer in a real browser (Debian Chromium). A tile server of
 * the test's own (a few PNG tiles on a random port) is the configured basemap: its tiles are asked
 * for and shown, the Content-Security-Policy allows exactly its host (no CSP violation in the
 * console), "none" takes it off and is remembered across a reload. A Shapefile loaded as a
 * reference layer is drawn from its vector tiles and identified on a click, its attributes shown as
 * text. A vertex drawn in the editor a few pixels off a reference layer's vertex is snapped onto
 * it: committed, it is stored on that vertex to the millimetre.
 */
@WithBrowser
class ReferenceLayerBrowserTest extends IoTest {

  private static ChromeDriver browser;

  /** The paths the tile server was asked for. */
  private static final List<String> ASKED = new CopyOnWriteArrayList<>();

  private static final HttpServer TILES = tileServer();

  private static HttpServer tileServer() {
    try {
      BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(new Color(0x2e7d32));
      g.fillRect(0, 0, 256, 256);
      g.dispose();
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(image, "png", png);
      byte[] tile = png.toByteArray();
      HttpServer server =
          HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/",
          exchange -> {
            ASKED.add(exchange.getRequestURI().getPath());
            boolean isTile = exchange.getRequestURI().getPath().matches("/\\d+/\\d+/\\d+\\.png");
            exchange.getResponseHeaders().set("Content-Type", "image/png");
            exchange.sendResponseHeaders(isTile ? 200 : 404, isTile ? tile.length : -1);
            if (isTile) {
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(tile);
              }
            }
            exchange.close();
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @DynamicPropertySource
  static void basemap(DynamicPropertyRegistry registry) {
    String origin = "http://127.0.0.1:" + TILES.getAddress().getPort();
    registry.add("redline.map.basemaps[0].name", () -> "测试影像 Test imagery");
    registry.add("redline.map.basemaps[0].url", () -> origin + "/{z}/{x}/{y}.png");
    registry.add("redline.map.basemaps[0].attribution", () -> "<b>测试</b> tiles");
    registry.add("redline.map.basemaps[0].max-zoom", () -> "18");
  }

  @AfterAll
  static void stopTiles() {
    TILES.stop(0);
  }

  @AfterEach
  void clean() {
    jdbc.sql("DELETE FROM reference_layer").update();
  }

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  private Object js(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  private void waitFor(String condition) {
    waiting().until(d -> Boolean.TRUE.equals(js("return Boolean(" + condition + ")")));
  }

  private void open(String hash) {
    browser.get("about:blank");
    browser.get("http://localhost:" + port + "/" + hash);
    waitFor("document.body.dataset.ready === 'true'");
  }

  /** The basemap's tiles shown: loaded images of the tile server in the basemap's pane. */
  private long basemapTilesShown() {
    return ((Number)
            js(
                "return [...document.querySelectorAll('.basemap-tiles img')]"
                    + ".filter(i => i.complete && i.naturalWidth === 256).length"))
        .longValue();
  }

  @Test
  void theBasemapIsShownSwitchedOffAndTheChoiceRemembered() {
    ASKED.clear();
    open("#14/23.03/113.06");
    js("localStorage.removeItem('redline.basemap')");
    open("#14/23.03/113.06");
    waitFor(
        "[...document.querySelectorAll('.basemap-tiles img')]"
            + ".some(i => i.complete && i.naturalWidth === 256)");
    assertThat(ASKED).anyMatch(p -> p.startsWith("/14/13337/"));
    assertThat(basemapTilesShown()).isGreaterThan(0);
    // the attribution is shown as text
    assertThat(browser.findElement(By.cssSelector(".leaflet-control-attribution")).getText())
        .contains("<b>测试</b> tiles");

    // the switcher offers none and the basemap; none takes the tiles off, and is remembered
    WebElement control = browser.findElement(By.cssSelector(".leaflet-control-layers"));
    assertThat(control.getAttribute("textContent")).contains("无底图 None", "测试影像 Test imagery");
    js(
        "document.querySelector('.basemap-name[data-basemap=\"\"]').closest('label')"
            + ".querySelector('input').click()");
    waitFor("document.querySelectorAll('.basemap-tiles img').length === 0");
    open("#14/23.03/113.06");
    assertThat(basemapTilesShown()).isZero();
    assertThat(
            js(
                "return document.querySelector('.basemap-name[data-basemap=\"\"]')"
                    + ".closest('label').querySelector('input').checked"))
        .isEqualTo(true);
    js(
        "document.querySelector('.basemap-name[data-basemap=\"测试影像 Test imagery\"]')"
            + ".closest('label').querySelector('input').click()");
    waitFor(
        "[...document.querySelectorAll('.basemap-tiles img')]"
            + ".some(i => i.complete && i.naturalWidth === 256)");
    js("localStorage.removeItem('redline.basemap')");
  }

  /** Clicks the map at a point (lon, lat), shifted by (dx, dy) pixels (dy down). */
  private void clickAt(double lon, double lat, int dx, int dy) {
    Browser.clickMapAt(browser, lon, lat, dx, dy);
  }

  /**
   * The centre (lon, lat) and radius (degrees) of the largest empty circle inside an industrial
   * cluster of 三水 or 高明 (where red lines have room under the quota), 30 m inside its edge and 60 m
   * from every red line: room for a new red line no other test touches.
   */
  private static final String SPOT =
      """
      WITH c AS (
        SELECT c.id, c.geom FROM industrial_cluster c
        WHERE EXISTS (SELECT 1 FROM red_line r WHERE r.cluster_id = c.id
                      AND r.district_code IN ('440607', '440608'))
      ), free AS (
        SELECT c.id, (ST_MaximumInscribedCircle(ST_Difference(ST_Buffer(c.geom, -0.0003),
            COALESCE((SELECT ST_Union(ST_Buffer(r.geom, 0.0006)) FROM red_line r
                      WHERE r.geom && ST_Expand(c.geom, 0.001)),
                     ST_SetSRID('POLYGON EMPTY'::geometry, 4490))))).*
        FROM c
      )
      SELECT ST_X(center) AS lon, ST_Y(center) AS lat, radius
      FROM free ORDER BY radius DESC, id LIMIT 1
      """;

  @Test
  void aVertexDrawnNearAReferenceVertexIsStoredOnIt() throws Exception {
    Map<String, Object> spot = jdbc.sql(SPOT).query().singleRow();
    double lon = ((Number) spot.get("lon")).doubleValue();
    double lat = ((Number) spot.get("lat")).doubleValue();
    assertThat(((Number) spot.get("radius")).doubleValue()).isGreaterThan(0.0012);
    // a metre in degrees of longitude and latitude here (near enough for placing the shape)
    double mx = 1 / (111_320 * Math.cos(Math.toRadians(lat)));
    double my = 1 / 110_600.0;
    // the triangle A, B, C (160 m wide, 100 m high) around the spot; C is a reference road's end
    // vertex R, a road running 250 m north from it and turning east, at the full precision of
    // the doubles (not a round number of degrees)
    double ax = lon - 80 * mx;
    double ay = lat - 40 * my;
    double bx = lon + 80 * mx;
    double by = lat - 40 * my;
    double rx = lon + 0.123456789e-5;
    double ry = lat + 60 * my + 0.987654321e-6;
    Path dir = temp();
    Path road =
        geojson(
            dir,
            "road",
            List.of(
                String.format(
                    Locale.ROOT,
                    "{\"type\":\"Feature\",\"properties\":{\"name\":\"测试路\"},"
                        + "\"geometry\":{\"type\":\"LineString\",\"coordinates\":"
                        + "[[%.12f,%.12f],[%.12f,%.12f],[%.12f,%.12f]]}}",
                    rx,
                    ry,
                    rx,
                    ry + 250 * my,
                    rx + 150 * mx,
                    ry + 250 * my)));
    HttpResponseAssert.created(
        upload(
            "/api/reference-layers",
            "bureau",
            Files.readAllBytes(road),
            "road.geojson",
            "name",
            "测试道路 Test road"));
    long layer = jdbc.sql("SELECT id FROM reference_layer").query(Long.class).single();

    open("#16/" + lat + "/" + lon);
    cn.foshan.redline.Browser.logIn(browser, "login-button", "bureau", "bureau-2026", "BUREAU");
    browser.findElement(By.id("edit-toggle")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-panel")));
    new Select(browser.findElement(By.id("edit-layer"))).selectByValue("red_line");
    js(
        "window.redline.map.fitBounds([[arguments[0], arguments[1]], [arguments[2], arguments[3]]],"
            + " {paddingTopLeft: [390, 90], paddingBottomRight: [270, 60], maxZoom: 17});",
        ay,
        ax,
        ry,
        bx);
    // the reference layer's shapes in view are the editor's snap targets
    waitFor("window.redline.editing.referenceShapes > 0");
    browser.findElement(By.id("change-reason")).sendKeys("参考图层吸附测试 snapping to a road");

    // draw A, B, then 6 px right and 5 px below R (metres off it), and A again to close
    browser.findElement(By.id("tool-draw")).click();
    waitFor("window.redline.editing.mode === 'draw'");
    clickAt(ax, ay, 0, 0);
    clickAt(bx, by, 0, 0);
    clickAt(rx, ry, 6, 5);
    clickAt(ax, ay, 0, 0);
    WebElement date =
        waiting()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#edit-form [name='designatedOn']")));
    js(
        "arguments[0].value = '2026-12-03';"
            + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        date);
    browser.findElement(By.id("save-edit")).click();
    waiting()
        .until(
            ExpectedConditions.numberOfElementsToBe(By.cssSelector("#edit-list li[data-seq]"), 1));
    long draftId = ((Number) js("return window.redline.editing.draftId")).longValue();
    browser.findElement(By.id("commit-button")).click();
    waiting()
        .until(
            ExpectedConditions.attributeToBe(By.id("commit-result"), "data-status", "committed"));

    // in EPSG:4547 metres: the committed red line's vertex nearest R is R, to a millimetre; the
    // click itself was metres away (without snapping the test fails)
    Map<String, Object> stored =
        jdbc.sql(
                """
                SELECT min(ST_Distance(ST_Transform(d.geom, 4547), ST_Transform(r.geom, 4547)))
                         AS snapped,
                       (SELECT count(*) FROM ST_DumpPoints(l.geom)) AS points
                FROM red_line l, ST_DumpPoints(l.geom) d,
                     (SELECT ST_StartPoint(ST_GeometryN(f.geom, 1)) AS geom
                      FROM reference_feature f WHERE f.layer_id = :layer) r
                WHERE l.change_set_id = :cs
                GROUP BY l.geom
                """)
            .param("layer", layer)
            .param("cs", draftId)
            .query()
            .singleRow();
    assertThat(((Number) stored.get("points")).intValue()).isEqualTo(4); // a closed triangle
    assertThat(((Number) stored.get("snapped")).doubleValue())
        .as("metres between the stored vertex and the reference vertex")
        .isLessThan(0.001);
  }

  @Test
  void aReferenceLayerIsDrawnUnderTheEditableOnesAndIdentified() throws Exception {
    Path dir = temp();
    Path fixture = dir.resolve("roads.geojson");
    try (var in = getClass().getResourceAsStream("/reference/roads.geojson")) {
      Files.copy(in, fixture);
    }
    byte[] zip = zip(shapefileParts(shapefile(fixture, dir, "roads", 4547, "GBK")));
    HttpResponseAssert.created(
        upload("/api/reference-layers", "bureau", zip, "roads.zip", "name", "道路 <i>Roads</i>"));
    long id = jdbc.sql("SELECT id FROM reference_layer").query(Long.class).single();

    open("#15/23.03/113.06");
    // listed in the switcher (as text), drawn from its tiles, right above the bottom layer
    waitFor("window.redline.referenceLayers && window.redline.referenceLayers[" + id + "]");
    assertThat(
            browser
                .findElement(By.cssSelector(".reference-layer-name[data-reference='" + id + "']"))
                .getAttribute("textContent"))
        .contains("道路 <i>Roads</i>");
    waitFor(
        "Object.values(window.redline.referenceLayers["
            + id
            + "]._vectorTiles).some(t => Object.keys(t._features).length > 0)");
    assertThat(
            js(
                "return performance.getEntriesByType('resource').some(e =>"
                    + " e.name.includes('/tiles/reference/"
                    + id
                    + "/15/') && e.responseStatus === 200)"))
        .isEqualTo(true);
    Number referenceZ =
        (Number)
            js(
                "return Number(window.redline.referenceLayers["
                    + id
                    + "].getContainer().style.zIndex)");
    Number districtZ =
        (Number) js("return Number(window.redline.layers.district.getContainer().style.zIndex)");
    Number parcelZ =
        (Number) js("return Number(window.redline.layers.parcel.getContainer().style.zIndex)");
    assertThat(referenceZ.intValue())
        .isGreaterThan(districtZ.intValue())
        .isLessThan(parcelZ.intValue());

    // a click on the road: its attributes, as text (the hostile one too)
    clickAt(113.055, 23.03, 0, 2);
    waitFor("document.querySelector('.fp-reference')");
    WebElement section = browser.findElement(By.cssSelector(".fp-reference"));
    assertThat(section.getText())
        .contains("道路 <i>Roads</i>", "佛山一环", "快速路", "<img src=x onerror=alert(1)>");
    assertThat(section.findElements(By.tagName("img"))).isEmpty();
    assertThat(section.findElements(By.tagName("i"))).isEmpty();
  }

  /** The status of an upload. */
  private static final class HttpResponseAssert {
    static void created(java.net.http.HttpResponse<byte[]> response) {
      assertThat(response.statusCode())
          .as(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
          .isEqualTo(201);
    }
  }
}
