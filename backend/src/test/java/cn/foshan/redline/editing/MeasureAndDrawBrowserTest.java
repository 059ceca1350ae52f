package cn.foshan.redline.editing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.WithBrowser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Measuring and drawing in a real browser: distance and area measured on the map agree with
 * PostGIS's ellipsoidal measures (GeographicLib) and the readout gives m², 亩; the selected shape's
 * vertices are listed; Backspace undoes the last vertex while drawing; a split line drawn before
 * the reason is given is kept, and splits once the reason is there.
 */
@WithBrowser
class MeasureAndDrawBrowserTest extends EditingTest {

  private static ChromeDriver browser;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  private Object js(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  private void waitFor(String condition) {
    waiting().until(d -> Boolean.TRUE.equals(js("return Boolean(" + condition + ")")));
  }

  private void click(String id) {
    waiting().until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
  }

  /** Clicks the map at a point (lon, lat). */
  private void clickAt(double lon, double lat) {
    Browser.clickMapAt(browser, lon, lat, 0, 0);
  }

  private void open() {
    browser.get("about:blank");
    browser.get("http://localhost:" + port + "/");
    waiting()
        .until(d -> "true".equals(browser.executeScript("return document.body.dataset.ready")));
  }

  @Test
  void distanceAndAreaMeasuredOnTheMapAreEllipsoidal() {
    open();
    js("window.redline.map.setView([23.02, 113.12], 14);");
    click("measure-toggle");
    double[][] points = {
      {113.115, 23.015}, {113.125, 23.016}, {113.126, 23.025}, {113.114, 23.024}
    };
    for (double[] p : points) {
      clickAt(p[0], p[1]);
    }
    waitFor("window.redline.measure.points.length === 4");
    @SuppressWarnings("unchecked")
    List<List<Number>> clicked = (List<List<Number>>) js("return window.redline.measure.points");
    StringBuilder line = new StringBuilder();
    for (List<Number> p : clicked) {
      line.append(line.length() == 0 ? "" : ",").append(p.get(0)).append(' ').append(p.get(1));
    }
    String first = clicked.get(0).get(0) + " " + clicked.get(0).get(1);
    Map<String, Object> postgis =
        jdbc.sql(
                "SELECT ST_Length(ST_GeomFromText(:line, 4490)::geography) AS length,"
                    + " ST_Area(ST_GeomFromText(:polygon, 4490)::geography) AS area")
            .param("line", "LINESTRING(" + line + ")")
            .param("polygon", "POLYGON((" + line + "," + first + "))")
            .query()
            .singleRow();
    double length = ((Number) js("return window.redline.measure.lengthM")).doubleValue();
    double area = ((Number) js("return window.redline.measure.areaM2")).doubleValue();
    double expectedLength = ((Number) postgis.get("length")).doubleValue();
    double expectedArea = ((Number) postgis.get("area")).doubleValue();
    assertThat(length).isCloseTo(expectedLength, within(expectedLength * 1e-7));
    assertThat(area).isCloseTo(expectedArea, within(expectedArea * 1e-6));
    String readout = browser.findElement(By.id("measure-readout")).getText();
    assertThat(readout).contains("亩", "m²", "距离");
    // Backspace takes the last point back
    new Actions(browser).sendKeys(Keys.BACK_SPACE).perform();
    waitFor("window.redline.measure.points.length === 3");
    assertThat(browser.findElement(By.id("measure-readout")).getText()).contains("面积");

    // a known value: the quadrangle 113.10–113.11°E × 23.00–23.01°N, 1,135,334.56 m² on the
    // CGCS2000 ellipsoid (GeographicLib, through PostGIS), and a 1° meridian arc from 23° to 24°N
    Object known =
        browser.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "import('/geodesy.js').then((g) => done([g.ellipsoidalArea([[113.1, 23], [113.11, 23],"
                + " [113.11, 23.01], [113.1, 23.01]]), g.geodesicDistance([113, 23], [113, 24])]));");
    @SuppressWarnings("unchecked")
    List<Number> values = (List<Number>) known;
    assertThat(values.get(0).doubleValue()).isCloseTo(1_135_334.56, within(0.01));
    double arc =
        jdbc.sql(
                "SELECT ST_Distance(ST_GeomFromText('POINT(113 23)', 4490)::geography,"
                    + " ST_GeomFromText('POINT(113 24)', 4490)::geography)")
            .query(Double.class)
            .single();
    assertThat(values.get(1).doubleValue()).isCloseTo(arc, within(0.001));
    click("measure-toggle");
    waitFor("window.redline.measure.points.length === 0");
  }

  @Test
  void verticesAreListedBackspaceUndoesAVertexAndASplitLineSurvivesAMissingReason() {
    Map<String, Object> target =
        jdbc.sql(
                "SELECT id, ST_XMin(geom) AS x0, ST_XMax(geom) AS x1, ST_YMin(geom) AS y0,"
                    + " ST_YMax(geom) AS y1, ST_X(ST_PointOnSurface(geom)) AS px,"
                    + " ST_Y(ST_PointOnSurface(geom)) AS py, ST_NPoints(geom) - ST_NRings(geom) AS n,"
                    + " ST_X(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1)) AS vx,"
                    + " ST_Y(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1)) AS vy"
                    + " FROM red_line WHERE district_code = '440605' AND ST_NumGeometries(geom) = 1"
                    + " ORDER BY area_m2 DESC, id OFFSET 2 LIMIT 1")
            .query()
            .singleRow();
    long id = ((Number) target.get("id")).longValue();
    double x0 = ((Number) target.get("x0")).doubleValue();
    double x1 = ((Number) target.get("x1")).doubleValue();
    double y0 = ((Number) target.get("y0")).doubleValue();
    double y1 = ((Number) target.get("y1")).doubleValue();
    double px = ((Number) target.get("px")).doubleValue();
    double py = ((Number) target.get("py")).doubleValue();

    open();
    cn.foshan.redline.Browser.logIn(browser, "login-button", "bureau", "bureau-2026", "BUREAU");
    click("edit-toggle");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-panel")));
    new Select(browser.findElement(By.id("edit-layer"))).selectByValue("red_line");
    js(
        "window.redline.map.fitBounds([[arguments[0], arguments[1]], [arguments[2], arguments[3]]],"
            + " {paddingTopLeft: [430, 120], paddingBottomRight: [300, 90], maxZoom: 17});",
        y0,
        x0,
        y1,
        x1);

    // select it: its vertices are listed, the first one as stored
    click("tool-select");
    clickAt(px, py);
    waiting()
        .until(
            d ->
                ("red_line/" + id)
                    .equals(
                        browser.findElement(By.id("edit-panel")).getAttribute("data-selected")));
    WebElement list = browser.findElement(By.id("vertex-list"));
    list.findElement(By.tagName("summary")).click();
    List<WebElement> rows = list.findElements(By.cssSelector("tbody tr"));
    assertThat((long) rows.size()).isEqualTo(((Number) target.get("n")).longValue());
    List<WebElement> cells = rows.get(0).findElements(By.tagName("td"));
    assertThat(Double.parseDouble(cells.get(1).getText()))
        .isCloseTo(((Number) target.get("vy")).doubleValue(), within(1e-8));
    assertThat(Double.parseDouble(cells.get(2).getText()))
        .isCloseTo(((Number) target.get("vx")).doubleValue(), within(1e-8));
    assertThat(list.findElement(By.id("boundary-download")).getAttribute("href"))
        .endsWith("/api/layers/red_line/features/" + id + "/boundary.txt?crs=EPSG:4547");

    // split without a reason: the line is kept, with the button to use it once the reason is in
    double dx = (x1 - x0) * 0.05;
    click("tool-split");
    waitFor("window.redline.editing.mode === 'split'");
    clickAt(x0 - dx, py);
    clickAt(px, py + (y1 - y0) * 0.01);
    clickAt(x1 + dx, py);
    // Backspace undoes the last vertex while drawing, then it is placed again
    waitFor("window.redline.map.pm.Draw.Line._layer.getLatLngs().length === 3");
    new Actions(browser).sendKeys(Keys.BACK_SPACE).perform();
    waitFor("window.redline.map.pm.Draw.Line._layer.getLatLngs().length === 2");
    clickAt(x1 + dx, py);
    waitFor("window.redline.map.pm.Draw.Line._layer.getLatLngs().length === 3");
    click("tool-finish");
    WebElement retry =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("split-retry")));
    assertThat(browser.findElement(By.id("change-reason-error")).getText()).contains("修改原因");
    assertThat(js("return window.redline.editing.draftId")).isNull();
    browser.findElement(By.id("change-reason")).sendKeys("分割测试 split test");
    retry.click();
    waiting()
        .until(
            ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("#edit-list li[data-action='UPDATE']"), 1));
    assertThat(browser.findElements(By.cssSelector("#edit-list li[data-action='CREATE']")))
        .isNotEmpty();
    click("discard-draft");
    waitFor("window.redline.editing.draftId === null");
  }
}
