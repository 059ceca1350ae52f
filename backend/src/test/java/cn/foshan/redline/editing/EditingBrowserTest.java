package cn.foshan.redline.editing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.WithBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * Editing in a real browser (Debian Chromium): the bureau logs in through the page's login dialog,
 * draws a new red-line polygon against an existing one (Leaflet-Geoman snaps two of its vertices
 * onto the neighbour's), fills in its attributes, previews the change set (the red line of the
 * district grows), commits it, finds the new polygon with its first version in its history, and
 * reverts that change set from there with a reason and 文号 of its own (a new draft naming both).
 */
@WithBrowser
class EditingBrowserTest extends EditingTest {

  private static final String REASON = "浏览器测试：新增红线 browser test: new red line";
  private static final String DOCUMENT = "佛自然资〔2026〕88号";

  /**
   * An edge A–B of the outer ring of a red-line polygon r, and the apex of a triangle A, B, apex
   * that lies outside r, inside r's cluster (with a margin), overlaps no red line and keeps 40 m
   * from the others: a new red-line polygon sharing r's edge. Edges of 450–700 m make a triangle
   * larger than any red-line polygon of the demo city, which other tests pick the smallest of; the
   * districts other tests change (禅城, 顺德) are avoided.
   */
  private static final String TARGET =
      """
      WITH seg AS (
        SELECT r.id, r.cluster_id, r.district_code, d.path, d.geom AS s
        FROM red_line r, ST_DumpSegments(r.geom) d
        WHERE d.path[2] = 1 AND r.district_code NOT IN ('440604', '440606')
      ), edge AS (
        SELECT id, cluster_id, district_code, path,
               ST_X(ST_StartPoint(s)) AS ax, ST_Y(ST_StartPoint(s)) AS ay,
               ST_X(ST_EndPoint(s)) AS bx, ST_Y(ST_EndPoint(s)) AS by
        FROM seg
        WHERE ST_Length(s::geography) BETWEEN 450 AND 700
      ), triangle AS (
        SELECT e.*,
               (ax + bx) / 2 - side * (by - ay) / cos(radians(ay)) AS cx,
               (ay + by) / 2 + side * (bx - ax) * cos(radians(ay)) AS cy
        FROM edge e, (VALUES (1), (-1)) v(side)
      ), shaped AS (
        SELECT t.*, ST_SetSRID(ST_MakePolygon(ST_MakeLine(ARRAY[ST_MakePoint(ax, ay),
                 ST_MakePoint(bx, by), ST_MakePoint(cx, cy), ST_MakePoint(ax, ay)])), 4490) AS tri
        FROM triangle t
      )
      SELECT s.id, s.district_code, s.ax, s.ay, s.bx, s.by, s.cx, s.cy
      FROM shaped s JOIN industrial_cluster c ON c.id = s.cluster_id
      WHERE ST_Covers(ST_Buffer(c.geom, -0.0003), s.tri)
        AND NOT EXISTS (SELECT 1 FROM red_line o WHERE o.geom && ST_Expand(s.tri, 0.0005)
              AND (ST_Relate(o.geom, s.tri, '2********')
                   OR (o.id <> s.id AND ST_DWithin(o.geom, s.tri, 0.0004))))
      ORDER BY s.district_code IN ('440607', '440608') DESC, s.id, s.path
      LIMIT 1
      """;

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

  /** Clicks the map at a point (lon, lat), shifted by (dx, dy) pixels (dy down). */
  private void clickAt(double lon, double lat, int dx, int dy) {
    Browser.clickMapAt(browser, lon, lat, dx, dy);
  }

  private static double number(Map<String, Object> row, String key) {
    return ((Number) row.get(key)).doubleValue();
  }

  @Test
  void theBureauDrawsARedLineSnappedToItsNeighbourPreviewsCommitsAndSeesItsHistory()
      throws Exception {
    Map<String, Object> target = jdbc.sql(TARGET).query().singleRow();
    double ax = number(target, "ax");
    double ay = number(target, "ay");
    double bx = number(target, "bx");
    double by = number(target, "by");
    double cx = number(target, "cx");
    double cy = number(target, "cy");
    String district = (String) target.get("district_code");

    browser.get("about:blank");
    browser.get("http://localhost:" + port + "/");
    waiting()
        .until(d -> "true".equals(browser.executeScript("return document.body.dataset.ready")));

    // log in through the page's own dialog
    cn.foshan.redline.Browser.logIn(browser, "login-button", "bureau", "bureau-2026", "BUREAU");
    assertThat(browser.findElement(By.id("user-badge")).getText()).contains("市局");

    // the editor, on the red line, with the triangle in view clear of the panels
    browser.findElement(By.id("edit-toggle")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-panel")));
    new Select(browser.findElement(By.id("edit-layer"))).selectByValue("red_line");
    js(
        "window.redline.map.fitBounds([[arguments[0], arguments[1]], [arguments[2], arguments[3]]],"
            + " {paddingTopLeft: [390, 90], paddingBottomRight: [270, 60], maxZoom: 17});",
        Math.min(Math.min(ay, by), cy),
        Math.min(Math.min(ax, bx), cx),
        Math.max(Math.max(ay, by), cy),
        Math.max(Math.max(ax, bx), cx));
    waitFor("window.redline.editing.neighbours > 0");
    browser.findElement(By.id("change-reason")).sendKeys(REASON);
    browser.findElement(By.id("change-document")).sendKeys(DOCUMENT);

    // draw: two clicks a few pixels off r's vertices A and B (snapped onto them), the apex, then
    // the first vertex again to close the polygon
    browser.findElement(By.id("tool-draw")).click();
    waitFor("window.redline.editing.mode === 'draw'");
    clickAt(ax, ay, 5, -4);
    clickAt(bx, by, -4, 5);
    clickAt(cx, cy, 0, 0);
    clickAt(ax, ay, 0, 0);
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("edit-form")));

    // the required attribute, then save the shape to a new draft
    WebElement designatedOn =
        browser.findElement(By.cssSelector("#edit-form [name='designatedOn']"));
    assertThat(designatedOn.getAttribute("required")).isNotNull();
    js(
        "arguments[0].value = '2026-11-20';"
            + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        designatedOn);
    browser.findElement(By.id("save-edit")).click();
    waiting()
        .until(
            ExpectedConditions.numberOfElementsToBe(By.cssSelector("#edit-list li[data-seq]"), 1));
    long draftId = ((Number) js("return window.redline.editing.draftId")).longValue();

    // snapping worked: the saved shape has r's vertices A and B, not where the clicks were
    JsonNode draft = expect(200, "GET", "/api/change-sets/" + draftId, "bureau", null);
    assertThat(draft.at("/changeSet/reason").asText()).isEqualTo(REASON);
    JsonNode edit = draft.at("/edits/0");
    assertThat(edit.get("layer").asText()).isEqualTo("red_line");
    assertThat(edit.get("action").asText()).isEqualTo("CREATE");
    List<double[]> vertices = new ArrayList<>();
    edit.at("/geometry/coordinates/0/0")
        .forEach(c -> vertices.add(new double[] {c.get(0).asDouble(), c.get(1).asDouble()}));
    assertThat(vertices).hasSize(4); // a closed triangle
    for (double[] vertex : new double[][] {{ax, ay}, {bx, by}}) {
      double[] nearest =
          vertices.stream()
              .min(
                  (p, q) ->
                      Double.compare(
                          Math.hypot(p[0] - vertex[0], p[1] - vertex[1]),
                          Math.hypot(q[0] - vertex[0], q[1] - vertex[1])))
              .orElseThrow();
      assertThat(nearest[0]).as("longitude of a snapped vertex").isCloseTo(vertex[0], within(1e-9));
      assertThat(nearest[1]).as("latitude of a snapped vertex").isCloseTo(vertex[1], within(1e-9));
    }

    // preview: valid, and the district's red line grows
    browser.findElement(By.id("preview-button")).click();
    waiting().until(ExpectedConditions.attributeToBe(By.id("preview-panel"), "data-valid", "true"));
    WebElement row =
        browser.findElement(
            By.cssSelector("#preview-panel tr.changed[data-code='" + district + "']"));
    assertThat(row.findElement(By.cssSelector("td.delta")).getText()).startsWith("+");
    Files.write(
        Path.of("target", "editing-preview.png"), browser.getScreenshotAs(OutputType.BYTES));

    // commit
    browser.findElement(By.id("commit-button")).click();
    waiting()
        .until(
            ExpectedConditions.attributeToBe(By.id("commit-result"), "data-status", "committed"));
    assertThat(browser.findElement(By.id("commit-result")).getText()).contains("#" + draftId);
    assertThat(js("return window.redline.editing.draftId")).isNull();

    // the new polygon exists, with one version by the bureau, for the reason given
    Map<String, Object> created =
        jdbc.sql(
                "SELECT id, ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat"
                    + " FROM red_line WHERE change_set_id = :cs")
            .param("cs", draftId)
            .query()
            .singleRow();
    long id = ((Number) created.get("id")).longValue();
    JsonNode feature = feature("red_line", id);
    assertThat(feature.at("/properties/designatedOn").asText()).isEqualTo("2026-11-20");
    assertThat(feature.at("/properties/districtCode").asText()).isEqualTo(district);
    JsonNode history =
        expect(200, "GET", "/api/layers/red_line/features/" + id + "/history", null, null);
    assertThat(history).hasSize(1);
    assertThat(history.at("/0/version").asInt()).isEqualTo(1);
    assertThat(history.at("/0/author").asText()).isEqualTo("bureau");
    assertThat(history.at("/0/reason").asText()).isEqualTo(REASON);
    assertThat(history.at("/0/documentNumber").asText()).isEqualTo(DOCUMENT);
    assertThat(history.at("/0/changeSetId").asLong()).isEqualTo(draftId);

    // and the page shows that history: a click on the polygon, then 历史 in its popup
    clickAt(number(created, "lon"), number(created, "lat"), 0, 0);
    String section =
        ".feature-popup section.fp-feature[data-layer='red_line'][data-id='" + id + "']";
    waiting()
        .until(ExpectedConditions.elementToBeClickable(By.cssSelector(section + " .fp-history")))
        .click();
    WebElement version =
        waiting()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#history-panel li[data-version='1']")));
    assertThat(browser.findElements(By.cssSelector("#history-panel li[data-version]"))).hasSize(1);
    assertThat(version.getText()).contains("bureau", REASON, DOCUMENT, "#" + draftId);
    Files.write(
        Path.of("target", "editing-history.png"), browser.getScreenshotAs(OutputType.BYTES));

    // the map as of a second before the commit: the banner says so, and the polygon is not there
    long committedAt =
        jdbc.sql(
                "SELECT (extract(epoch FROM committed_at) * 1000)::bigint FROM change_set WHERE id = :cs")
            .param("cs", draftId)
            .query(Long.class)
            .single();
    js(
        "const t = new Date(arguments[0] - 1000);"
            + "t.setMinutes(t.getMinutes() - t.getTimezoneOffset());"
            + "const input = document.getElementById('as-of-input');"
            + "input.value = t.toISOString().slice(0, 19);"
            + "input.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));",
        committedAt);
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("as-of-banner")));
    assertThat(
            Long.parseLong(
                String.valueOf(js("return new Date(document.body.dataset.asOf).getTime()"))))
        .isEqualTo(committedAt / 1000 * 1000 - 1000);
    clickAt(number(created, "lon"), number(created, "lat"), 0, 0);
    waiting()
        .until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".feature-popup section.fp-feature[data-layer='cluster']")));
    assertThat(browser.findElements(By.cssSelector(section))).isEmpty();
    browser.findElement(By.id("as-of-now")).click();
    waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("as-of-banner")));

    // the bureau reverts the change set from the history, with a reason and a 文号 of its own:
    // a new draft that names both opens in the editing panel
    clickAt(number(created, "lon"), number(created, "lat"), 0, 0);
    waiting()
        .until(ExpectedConditions.elementToBeClickable(By.cssSelector(section + " .fp-history")))
        .click();
    waiting()
        .until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("#history-panel li[data-version='1'] .version-revert")))
        .click();
    String li = "#history-panel li[data-version='1'] ";
    waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(li + ".revert-reason")))
        .sendKeys("划定有误，撤销");
    browser.findElement(By.cssSelector(li + ".revert-document-number")).sendKeys("佛自然资撤〔2026〕7号");
    browser.findElement(By.id("revert-confirm-" + draftId)).click();
    waiting()
        .until(
            ExpectedConditions.attributeToBe(By.id("change-document"), "value", "佛自然资撤〔2026〕7号"));
    Map<String, Object> undo =
        jdbc.sql(
                "SELECT reason, document_number, status FROM change_set"
                    + " WHERE reverts_change_set_id = :cs")
            .param("cs", draftId)
            .query()
            .singleRow();
    assertThat(undo.get("reason")).isEqualTo("划定有误，撤销");
    assertThat(undo.get("document_number")).isEqualTo("佛自然资撤〔2026〕7号");
    assertThat(undo.get("status")).isEqualTo("DRAFT");
    assertThat(browser.findElement(By.id("change-reason")).getAttribute("value"))
        .isEqualTo("划定有误，撤销");
  }
}
