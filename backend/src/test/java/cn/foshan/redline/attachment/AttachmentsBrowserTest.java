package cn.foshan.redline.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.WithBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Attachments in a real browser: the bureau opens a red-line feature's history from its popup,
 * uploads a survey report (PDF) to the feature and a 批文 scan (JPEG) to its change set; both are
 * listed there, the report in the feature's popup too, and their links download the files.
 */
@WithBrowser
class AttachmentsBrowserTest extends EditingTest {

  private static ChromeDriver browser;

  @TempDir Path dir;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  private Object js(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  private WebElement popupSection(long id, double lon, double lat) {
    js(
        "window.redline.map.closePopup(); window.redline.map.setView([arguments[0], arguments[1]], 17);",
        lat,
        lon);
    String section =
        ".feature-popup section.fp-feature[data-layer='red_line'][data-id='" + id + "']";
    return waiting()
        .until(
            d -> {
              Browser.clickMapAt(browser, lon, lat, 0, 0);
              return new WebDriverWait(browser, Duration.ofSeconds(5))
                  .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(section)));
            });
  }

  @Test
  void uploadedFromThePageListedInThePopupAndTheHistoryAndDownloaded() throws Exception {
    Map<String, Object> feature =
        jdbc.sql(
                "SELECT id, change_set_id, ST_X(ST_PointOnSurface(geom)) AS lon,"
                    + " ST_Y(ST_PointOnSurface(geom)) AS lat FROM red_line"
                    + " WHERE NOT EXISTS (SELECT 1 FROM attachment a WHERE a.layer = 'red_line'"
                    + " AND a.feature_id = red_line.id) ORDER BY ST_Area(geom) DESC LIMIT 1")
            .query()
            .singleRow();
    long id = ((Number) feature.get("id")).longValue();
    long changeSet = ((Number) feature.get("change_set_id")).longValue();
    double lon = ((Number) feature.get("lon")).doubleValue();
    double lat = ((Number) feature.get("lat")).doubleValue();
    byte[] report = TestFiles.pdf("survey report");
    Path reportFile = dir.resolve("勘测定界报告.pdf");
    Files.write(reportFile, report);
    byte[] scan = TestFiles.jpeg(120, 80);
    Path scanFile = dir.resolve("批文 扫描.jpg");
    Files.write(scanFile, scan);

    browser.get("about:blank");
    browser.get("http://localhost:" + port + "/");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    cn.foshan.redline.Browser.logIn(browser, "login-button", "bureau", "bureau-2026", "BUREAU");

    // the feature's history, from its popup: the upload control is there
    popupSection(id, lon, lat).findElement(By.cssSelector(".fp-history")).click();
    WebElement box =
        waiting()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#history-attachments .attachment-upload")));
    box.findElement(By.cssSelector("input[type='file']")).sendKeys(reportFile.toString());
    box.findElement(By.cssSelector(".attachment-note-input")).sendKeys("勘测定界报告 2026");
    box.findElement(By.cssSelector(".attachment-send")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#history-attachments .attachments"), "勘测定界报告.pdf"));
    Map<String, Object> stored =
        jdbc.sql(
                "SELECT id, encode(sha256(content), 'hex') AS sha, note FROM attachment"
                    + " WHERE layer = 'red_line' AND feature_id = :id")
            .param("id", id)
            .query()
            .singleRow();
    assertThat(stored.get("sha")).isEqualTo(TestFiles.sha256(report));
    assertThat(stored.get("note")).isEqualTo("勘测定界报告 2026");
    long reportId = ((Number) stored.get("id")).longValue();

    // the 批文 behind the version's change set
    WebElement version =
        browser.findElement(
            By.cssSelector("#history-panel li[data-change-set='" + changeSet + "']"));
    version.findElement(By.cssSelector(".version-attach")).click();
    WebElement csBox =
        waiting()
            .until(
                d -> version.findElement(By.cssSelector(".version-attach-box .attachment-upload")));
    csBox.findElement(By.cssSelector("input[type='file']")).sendKeys(scanFile.toString());
    csBox.findElement(By.cssSelector(".attachment-send")).click();
    waiting()
        .until(
            d ->
                version
                    .findElement(By.cssSelector(".version-attachments .attachments"))
                    .getText()
                    .contains("批文 扫描.jpg"));
    assertThat(
            jdbc.sql("SELECT encode(sha256, 'hex') FROM attachment WHERE change_set_id = :cs")
                .param("cs", changeSet)
                .query(String.class)
                .list())
        .containsExactly(TestFiles.sha256(scan));
    Files.write(
        Path.of("target", "attachments-history.png"), browser.getScreenshotAs(OutputType.BYTES));

    // the feature's popup lists the report, as a link that downloads it
    WebElement section = popupSection(id, lon, lat);
    WebElement link =
        waiting().until(d -> section.findElement(By.cssSelector(".attachments .attachment-link")));
    assertThat(link.getText()).isEqualTo("勘测定界报告.pdf");
    assertThat(link.getAttribute("href")).endsWith("/api/attachments/" + reportId + "/content");
    Files.write(
        Path.of("target", "attachments-popup.png"), browser.getScreenshotAs(OutputType.BYTES));
    @SuppressWarnings("unchecked")
    List<Object> fetched =
        (List<Object>)
            browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0]).then(async (r) => done([r.status,"
                    + " r.headers.get('content-type'), r.headers.get('content-disposition'),"
                    + " (await r.arrayBuffer()).byteLength]));",
                link.getAttribute("href"));
    assertThat(((Number) fetched.get(0)).intValue()).isEqualTo(200);
    assertThat(fetched.get(1)).isEqualTo("application/pdf");
    assertThat((String) fetched.get(2))
        .startsWith("attachment;")
        .contains("filename*=UTF-8''%E5%8B%98%E6%B5%8B");
    assertThat(((Number) fetched.get(3)).intValue()).isEqualTo(report.length);

    // the bureau withdraws the report from the history panel, with a reason: kept, listed withdrawn
    popupSection(id, lon, lat).findElement(By.cssSelector(".fp-history")).click();
    WebElement listed =
        waiting()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector(
                        "#history-attachments li.attachment[data-id='" + reportId + "']")));
    listed.findElement(By.cssSelector(".attachment-withdraw")).click();
    listed.findElement(By.cssSelector(".attachment-withdraw-confirm")).click();
    waiting().until(ExpectedConditions.textToBePresentInElement(listed, "请写明撤回原因 Give the reason"));
    listed
        .findElement(By.cssSelector(".attachment-withdraw-reason"))
        .sendKeys("误传 uploaded by mistake");
    listed.findElement(By.cssSelector(".attachment-withdraw-confirm")).click();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(
                    "#history-attachments li.attachment.withdrawn[data-id='" + reportId + "']"),
                "已撤回 Withdrawn · bureau"));
    assertThat(
            jdbc.sql(
                    "SELECT withdrawal_reason FROM attachment WHERE id = :id AND withdrawn_at IS NOT"
                        + " NULL")
                .param("id", reportId)
                .query(String.class)
                .list())
        .containsExactly("误传 uploaded by mistake");
    assertThat(browser.findElements(By.cssSelector("#history-attachments .attachment-withdraw")))
        .as("no withdrawal offered for a withdrawn one")
        .noneMatch(WebElement::isDisplayed);
  }
}
