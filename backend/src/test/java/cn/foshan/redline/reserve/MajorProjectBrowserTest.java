package cn.foshan.redline.reserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.WithBrowser;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * Major projects on the reserve page, in a real browser: anonymous, the list asks to log in; the
 * bureau logs in, sees the demo city's projects with their land demand and the area kept for them
 * (the API's figures), chooses 南海's project and sees its pieces outlined on the pieces map, assigns
 * a free piece of 南海 from its row in the pieces table (the row then names the project, the project
 * holds one piece more, the database has the assignment) and releases it again from the project's
 * list.
 */
@WithBrowser
class MajorProjectBrowserTest extends EditingTest {

  private static final String PROJECT = "ZD-2025-NH-01";
  private static ChromeDriver browser;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  private Object js(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  private String data(String key) {
    return (String) js("return document.body.dataset[arguments[0]] ?? ''", key);
  }

  @BeforeEach
  void anonymous() {
    browser.get("http://localhost:" + port + "/favicon.svg");
    browser.manage().deleteAllCookies();
  }

  private JsonNode project() throws Exception {
    long id =
        jdbc.sql("SELECT id FROM major_project WHERE code = :c")
            .param("c", PROJECT)
            .query(Long.class)
            .single();
    return expect(200, "GET", "/api/reserve/projects/" + id, "bureau", null);
  }

  @Test
  void theBureauAssignsAPieceToAProjectAndReleasesIt() throws Exception {
    browser.get("http://localhost:" + port + "/reserve.html");
    waiting().until(d -> "1".equals(data("loaded")));
    assertThat(browser.findElements(By.cssSelector("#projects-body tr"))).isEmpty();
    assertThat(browser.findElement(By.id("projects-hint")).getText()).contains("登录");

    cn.foshan.redline.Browser.logIn(browser, "login-button", "bureau", "bureau-2026", "BUREAU");
    WebElement row =
        waiting()
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#projects-body tr[data-code='" + PROJECT + "']")));
    assertThat(browser.findElements(By.cssSelector("#projects-body tr")).size())
        .isGreaterThanOrEqualTo(5);
    JsonNode before = project();
    assertThat(row.findElement(By.cssSelector("td.assigned")).getText())
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT, "%,.2f", before.at("/project/assignedMu").asDouble()));

    // choose it: its pieces outlined on the map
    row.findElement(By.cssSelector("button.choose-project")).click();
    waiting().until(d -> data("project").equals(before.at("/project/id").asString()));
    int held = before.get("pieces").size();
    assertThat(data("projectPieces")).isEqualTo(Integer.toString(held));
    assertThat(browser.findElements(By.cssSelector("#pieces-map path.project-piece")).size())
        .isGreaterThanOrEqualTo(held);

    // a free piece of 南海, from its row in the pieces table
    long piece =
        jdbc.sql(
                "SELECT r.id FROM reserve_land r WHERE r.district_code = '440605'"
                    + " AND r.stage IN ('ACQUIRED', 'PREPARING')"
                    + " AND NOT EXISTS (SELECT 1 FROM major_project_piece a WHERE a.reserve_land_id = r.id)"
                    + " ORDER BY r.id DESC LIMIT 1")
            .query(Long.class)
            .single();
    String loaded = data("piecesLoaded");
    new Select(browser.findElement(By.id("district-filter"))).selectByValue("440605");
    waiting().until(d -> !data("piecesLoaded").equals(loaded));
    WebElement pieceRow =
        waiting()
            .until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#pieces-body tr[data-id='" + piece + "']")));
    WebElement assign = pieceRow.findElement(By.cssSelector("button.assign-piece"));
    assertThat(assign.getText()).contains(PROJECT);
    assign.click();
    waiting().until(d -> data("projectPieces").equals(Integer.toString(held + 1)));
    waiting()
        .until(
            d ->
                d.findElement(
                        By.cssSelector("#pieces-body tr[data-id='" + piece + "'] td.piece-project"))
                    .getText()
                    .equals(PROJECT));
    JsonNode after = project();
    assertThat(after.get("pieces").size()).isEqualTo(held + 1);
    double pieceMu =
        jdbc.sql(
                "SELECT ST_Area(geom::geography) / (10000.0 / 15) FROM reserve_land WHERE id = :id")
            .param("id", piece)
            .query(Double.class)
            .single();
    assertThat(after.at("/project/assignedMu").asDouble())
        .isCloseTo(before.at("/project/assignedMu").asDouble() + pieceMu, within(0.011));
    assertThat(
            browser
                .findElement(
                    By.cssSelector("#projects-body tr[data-code='" + PROJECT + "'] td.assigned"))
                .getText())
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT, "%,.2f", after.at("/project/assignedMu").asDouble()));
    assertThat(
            jdbc.sql(
                    "SELECT assigned_by FROM major_project_piece WHERE reserve_land_id = :id"
                        + " AND released_on IS NULL")
                .param("id", piece)
                .query(String.class)
                .single())
        .isEqualTo("bureau");

    // and released from the project's list
    browser
        .findElement(
            By.cssSelector("#project-detail li[data-id='" + piece + "'] button.release-piece"))
        .click();
    waiting().until(d -> data("projectPieces").equals(Integer.toString(held)));
    assertThat(project().get("pieces").size()).isEqualTo(held);
  }
}
