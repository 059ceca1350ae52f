package cn.foshan.redline.io;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The basemap switcher and a reference layer in a real browser (Debian Chromium). A tile server of
 * the test's own (a few PNG tiles on a random port) is the configured basemap: its tiles are asked
 * for and shown, the Content-Security-Policy allows exactly its host (no CSP violation in the
 * console), "none" takes it off and is remembered across a reload. A Shapefile loaded as a
 * reference layer is drawn from its vector tiles and identified on a click, its attributes shown as
 * text.
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
    return new WebDriverWait(browser, Duration.ofSeconds(40));
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
    WebElement map = browser.findElement(By.id("map"));
    @SuppressWarnings("unchecked")
    java.util.Map<String, Number> point =
        (java.util.Map<String, Number>)
            js(
                "const p = window.redline.map.latLngToContainerPoint([23.03, 113.055]);"
                    + "return {x: p.x, y: p.y};");
    int x = (int) Math.round(point.get("x").doubleValue() - map.getSize().getWidth() / 2.0);
    int y = (int) Math.round(point.get("y").doubleValue() - map.getSize().getHeight() / 2.0);
    new Actions(browser)
        .moveToElement(map, x, y + 2)
        .pause(Duration.ofMillis(60))
        .click()
        .perform();
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
