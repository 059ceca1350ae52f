package cn.foshan.redline.editing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.WithBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * 坐标录入 in a real browser at 1366×768: the bureau pastes a survey's coordinate list (EPSG:4547, the
 * zone number in front of the easting) into the editor, a wrong line is named, the shape read
 * becomes a new red line in the draft, is previewed and committed, and the stored vertices are the
 * typed ones to the millimetre after the round trip through CGCS2000 degrees. Every control is
 * clicked as a person would (a covered or off-screen control fails the click).
 */
@WithBrowser
class CoordinateEntryBrowserTest extends EditingTest {

  /**
   * The centre (EPSG:4547 easting, northing) of the largest empty circle inside a cluster of 三水 or
   * 高明 that keeps 60 m from every red line: room for a 170 m survey polygon no other test touches.
   */
  private static final String SPOT =
      """
      WITH c AS (
        SELECT c.id, c.geom FROM industrial_cluster c
        WHERE EXISTS (SELECT 1 FROM red_line r WHERE r.cluster_id = c.id
                      AND r.district_code IN ('440607', '440608'))
          AND NOT EXISTS (SELECT 1 FROM red_line r WHERE r.cluster_id = c.id
                          AND r.district_code NOT IN ('440607', '440608'))
      ), free AS (
        SELECT c.id, (ST_MaximumInscribedCircle(ST_Difference(ST_Buffer(c.geom, -0.0003),
            COALESCE((SELECT ST_Union(ST_Buffer(r.geom, 0.0006)) FROM red_line r
                      WHERE r.geom && ST_Expand(c.geom, 0.001)),
                     ST_SetSRID('POLYGON EMPTY'::geometry, 4490))))).*
        FROM c
      )
      SELECT round(ST_X(ST_Transform(center, 4547))) AS e,
             round(ST_Y(ST_Transform(center, 4547))) AS n, radius
      FROM free ORDER BY radius DESC, id LIMIT 1
      """;

  /** Four points in 深圳 (EPSG:4547, zone number in front): a shape outside Foshan. */
  private static final String[] SHENZHEN = {
    "J1,2494650.000,38505050.000",
    "J2,2494650.000,38505150.000",
    "J3,2494550.000,38505150.000",
    "J4,2494550.000,38505050.000",
    ""
  };

  private static ChromeDriver browser;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  private Object js(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  /** A control, clicked once it is clickable (scrolled into view by the driver, not covered). */
  private void click(String id) {
    waiting().until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
  }

  @Test
  void pastedCoordinatesBecomeARedLineWhoseStoredVerticesAreTheTypedOnesToAMillimetre()
      throws Exception {
    Map<String, Object> spot = jdbc.sql(SPOT).query().singleRow();
    assertThat(((Number) spot.get("radius")).doubleValue()).isGreaterThan(0.002);
    double e0 = ((Number) spot.get("e")).doubleValue();
    double n0 = ((Number) spot.get("n")).doubleValue();
    // four points (northing, easting) to the millimetre, the easting with its zone number 38
    double[][] typed = {
      {n0 + 70.456, e0 - 80.123},
      {n0 + 65.012, e0 + 90.789},
      {n0 - 60.678, e0 + 75.345},
      {n0 - 75.234, e0 - 70.901},
    };
    StringBuilder list = new StringBuilder("# 勘测定界成果\n");
    for (int i = 0; i < typed.length; i++) {
      list.append(String.format(Locale.ROOT, "J%d,%.3f,38%.3f%n", i + 1, typed[i][0], typed[i][1]));
    }

    browser.manage().window().setSize(new Dimension(1366, 768));
    browser.get("about:blank");
    browser.get("http://localhost:" + port + "/");
    waiting()
        .until(d -> "true".equals(browser.executeScript("return document.body.dataset.ready")));
    // a visitor's page asks who is logged in without an error in the console
    List<String> errors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
            .map(LogEntry::getMessage)
            .toList();
    assertThat(errors).noneMatch(m -> m.contains("/api/me") || m.contains("401"));
    cn.foshan.redline.Browser.logIn(browser, "login-button", "bureau", "bureau-2026", "BUREAU");

    click("edit-toggle");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-panel")));
    new Select(browser.findElement(By.id("edit-layer"))).selectByValue("red_line");
    browser.findElement(By.id("change-reason")).sendKeys("坐标录入测试 survey coordinates");

    // the box, a wrong line named, then the list as typed
    click("tool-coords");
    WebElement text =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("coords-text")));
    assertThat(browser.findElement(By.id("coords-target")).getText()).contains("新建");
    assertThat(
            new Select(browser.findElement(By.id("coords-crs")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo("EPSG:4547");
    text.sendKeys("J1,2547000.000,38407700.000\nJ2,2547000.000,37407900.000\n");
    click("coords-read");
    WebElement error =
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("coords-error")));
    assertThat(error.getText()).contains("第 2 行", "带号为 37");
    text.clear();

    // a shape outside Foshan (深圳) is read, then refused when saved: no empty draft is left
    text.sendKeys(String.join("\n", SHENZHEN));
    click("coords-read");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-form")));
    WebElement date = browser.findElement(By.cssSelector("#edit-form [name='designatedOn']"));
    js(
        "arguments[0].value = '2026-12-01';"
            + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        date);
    click("save-edit");
    waiting()
        .until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#edit-message .problem[data-problem]")));
    assertThat(js("return window.redline.editing.draftId")).isNull();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM change_set WHERE author = 'bureau' AND status = 'DRAFT'"
                        + " AND reason = '坐标录入测试 survey coordinates'")
                .query(Long.class)
                .single())
        .isZero();
    assertThat(browser.findElement(By.id("change-reason")).getAttribute("value"))
        .isEqualTo("坐标录入测试 survey coordinates");

    // the survey's list, as typed, replaces the refused shape (the form keeps its date)
    click("tool-coords");
    text = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("coords-text")));
    text.sendKeys(list.toString());
    Files.write(
        Path.of("target", "coordinates-1366.png"), browser.getScreenshotAs(OutputType.BYTES));
    click("coords-read");
    waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("coords-box")));
    assertThat(browser.findElement(By.id("edit-message")).getText()).contains("4 个点");

    // into the draft like a drawn shape: the required date, saved, previewed, committed
    assertThat(
            browser
                .findElement(By.cssSelector("#edit-form [name='designatedOn']"))
                .getAttribute("value"))
        .isEqualTo("2026-12-01");
    click("save-edit");
    waiting()
        .until(
            ExpectedConditions.numberOfElementsToBe(By.cssSelector("#edit-list li[data-seq]"), 1));
    long draftId = ((Number) js("return window.redline.editing.draftId")).longValue();
    click("preview-button");
    waiting().until(ExpectedConditions.attributeToBe(By.id("preview-panel"), "data-valid", "true"));
    Files.write(
        Path.of("target", "coordinates-preview-1366.png"),
        browser.getScreenshotAs(OutputType.BYTES));
    click("commit-button");
    waiting()
        .until(
            ExpectedConditions.attributeToBe(By.id("commit-result"), "data-status", "committed"));

    // the stored vertices, back in EPSG:4547: the typed ones, each within a millimetre
    List<Map<String, Object>> stored =
        jdbc.sql(
                "SELECT ST_X(d.geom) AS e, ST_Y(d.geom) AS n"
                    + " FROM red_line r, ST_DumpPoints(ST_Transform(r.geom, 4547)) d"
                    + " WHERE r.change_set_id = :cs")
            .param("cs", draftId)
            .query()
            .listOfRows();
    assertThat(stored).hasSize(5); // one ring of four, closed
    for (double[] t : typed) {
      double nearest =
          stored.stream()
              .mapToDouble(
                  r ->
                      Math.hypot(
                          ((Number) r.get("e")).doubleValue() - t[1],
                          ((Number) r.get("n")).doubleValue() - t[0]))
              .min()
              .orElseThrow();
      assertThat(nearest).as("typed N %.3f E %.3f", t[0], t[1]).isLessThan(0.001);
    }

    // the same list again overlaps the red line just made: its commit is refused with the reason;
    // discarding that draft clears the refusal and the preview with it
    browser.findElement(By.id("change-reason")).sendKeys("坐标录入测试：重叠 overlapping");
    click("tool-coords");
    text = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("coords-text")));
    text.sendKeys(list.toString());
    click("coords-read");
    waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("coords-box")));
    js(
        "const d = document.querySelector(\"#edit-form [name='designatedOn']\");"
            + "d.value = '2026-12-02'; d.dispatchEvent(new Event('input', {bubbles: true}));");
    click("save-edit");
    waiting()
        .until(
            ExpectedConditions.numberOfElementsToBe(By.cssSelector("#edit-list li[data-seq]"), 1));
    click("commit-button");
    waiting()
        .until(ExpectedConditions.attributeToBe(By.id("commit-result"), "data-status", "error"));
    click("discard-draft");
    waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("commit-result")));
    assertThat(browser.findElement(By.id("edit-message")).getText()).contains("已放弃");
    assertThat(browser.findElement(By.id("preview-panel")).isDisplayed()).isFalse();

    // a DXF drawing chosen as a file: its closed polylines, the hole inside the outer ring
    click("tool-coords");
    waiting()
        .until(ExpectedConditions.presenceOfElementLocated(By.id("coords-file")))
        .sendKeys(
            Path.of("src/test/resources/survey/zhangcha-with-hole.dxf")
                .toAbsolutePath()
                .toString());
    click("coords-read");
    waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("coords-box")));
    assertThat(browser.findElement(By.id("edit-message")).getText()).contains("11 个点", "2 个环");
  }
}
