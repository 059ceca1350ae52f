package cn.foshan.redline.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EditingTest;
import cn.foshan.redline.WithBrowser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * A district officer's home in a real browser: 禅城's officer logs in and lands on 禅城 (the map fitted
 * to the district, its quota row pinned at the top with the margin in 亩, the header naming 禅城区, not
 * 440604); the bureau rejects one of their proposals and the inbox badge shows 1, the inbox the
 * reason, a click marks it read and opens the proposal; the 达标说明 page shows the quota API's figures
 * and prints to PDF; another district's statement is refused.
 *
 * <p>Without this change: no #inbox-toggle, no .quota-own row, the badge says 440604 (each step's
 * wait times out).
 */
@WithBrowser
class HomeBrowserTest extends EditingTest {

  private static ChromeDriver browser;

  @TempDir Path temp;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(40));
  }

  private Object js(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  private void openMap() {
    browser.get("about:blank");
    browser.get("http://localhost:" + port + "/");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
  }

  /** A signed number of 亩 as the page writes it: +1,234 / −1,234 (a true minus), zh-CN grouping. */
  private static String muSigned(double value) {
    long rounded = Math.round(Math.abs(value));
    String sign = value > 0 && rounded > 0 ? "+" : value < 0 && rounded > 0 ? "−" : "±";
    return sign + String.format(Locale.ROOT, "%,d", rounded);
  }

  private static JsonNode district(JsonNode quota, String code) {
    for (JsonNode d : quota.get("districts")) {
      if (d.get("code").asText().equals(code)) {
        return d;
      }
    }
    throw new AssertionError("no district " + code);
  }

  @Test
  void anOfficerLandsOnTheirDistrictReadsTheBureausDecisionAndPrintsTheStatement()
      throws Exception {
    expect(200, "POST", "/api/inbox/read-all", "chancheng", null); // an empty inbox to start
    openMap();
    cn.foshan.redline.Browser.logIn(
        browser, "login-button", "chancheng", "district-2026", "DISTRICT");
    WebElement badge = browser.findElement(By.id("user-badge"));
    assertThat(badge.getText()).contains("禅城区");
    assertThat(badge.getAttribute("title")).contains("禅城区").doesNotContain("440604");

    // the map fits 禅城: the district's box in view, its centre inside the box, and zoomed in to
    // within one level of the closest zoom showing the whole box (the panels' padding costs at
    // most one level at this window size)
    JsonNode chancheng = null;
    for (JsonNode d : expect(200, "GET", "/api/districts", null, null)) {
      if (d.get("code").asText().equals("440604")) {
        chancheng = d;
      }
    }
    JsonNode box = chancheng.get("bbox");
    String fitted =
        "const m = window.redline.map;"
            + "const box = L.latLngBounds([[arguments[1], arguments[0]], [arguments[3], arguments[2]]]);"
            + "return m.getBounds().contains(box) && box.contains(m.getCenter())"
            + " && m.getZoom() >= m.getBoundsZoom(box) - 1;";
    waiting()
        .until(
            d ->
                Boolean.TRUE.equals(
                    js(
                        fitted,
                        box.get(0).asDouble(),
                        box.get(1).asDouble(),
                        box.get(2).asDouble(),
                        box.get(3).asDouble())));

    // the quota row of 禅城, pinned first and highlighted, its margin in km² and 亩 as the API says
    JsonNode quota = district(expect(200, "GET", "/api/quota", null, null), "440604");
    WebElement first =
        waiting()
            .until(
                d -> {
                  List<WebElement> rows = d.findElements(By.cssSelector("#quota-body .quota-row"));
                  return !rows.isEmpty() && "440604".equals(rows.get(0).getAttribute("data-code"))
                      ? rows.get(0)
                      : null;
                });
    assertThat(first.getAttribute("class")).contains("quota-own");
    assertThat(first.getText())
        .contains(String.format(Locale.ROOT, "%.2f", Math.abs(quota.get("marginKm2").asDouble())))
        .contains(muSigned(quota.get("marginMu").asDouble()) + " 亩");

    // a proposal, waiting: the pinned row shows it with the margin now → if approved
    long parcel =
        jdbc.sql(
                "SELECT id FROM parcel WHERE district_code = '440604' ORDER BY id OFFSET 71 LIMIT 1")
            .query(Long.class)
            .single();
    JsonNode f = feature("parcel", parcel);
    long cs = draft("chancheng", "禅城 home test proposal");
    expect(
        201,
        "POST",
        "/api/change-sets/" + cs + "/edits",
        "chancheng",
        edit(
            "parcel",
            "update",
            parcel,
            f.at("/properties/version").asInt(),
            null,
            Map.of("floorAreaM2", f.at("/properties/floorAreaM2").asDouble(1000))));
    expect(200, "POST", "/api/change-sets/" + cs + "/submit", "chancheng", null);
    int pending =
        district(expect(200, "GET", "/api/quota", null, null), "440604")
            .get("pendingProposals")
            .asInt();
    openMap();
    waiting()
        .until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#quota-body .quota-own .quota-pending"), "待审提案 " + pending + " 项"));

    // the bureau rejects it: the badge shows 1 (on the next look: here the page opened anew)
    expect(
        200,
        "POST",
        "/api/change-sets/" + cs + "/reject",
        "bureau",
        Map.of("comment", "缺少批文 the approval document is missing"));
    openMap();
    waiting().until(ExpectedConditions.textToBe(By.id("inbox-count"), "1"));
    browser.findElement(By.id("inbox-toggle")).click();
    WebElement message =
        waiting()
            .until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#inbox-list li[data-change-set='" + cs + "']")));
    assertThat(message.getText()).contains("缺少批文 the approval document is missing", "bureau");
    assertThat(message.getAttribute("class")).contains("unread");
    message.click();
    // read: the count gone; the proposal opened in 我的提案 My proposals
    waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("inbox-count")));
    waiting()
        .until(
            ExpectedConditions.attributeContains(
                By.cssSelector("#review-list li[data-change-set='" + cs + "']"),
                "class",
                "selected"));
    assertThat(expect(200, "GET", "/api/inbox", "chancheng", null).get("unread").asLong()).isZero();

    // the 达标说明 of 禅城: the quota API's figures, printed to PDF
    JsonNode statement =
        expect(200, "GET", "/api/quota/districts/440604/statement", "chancheng", null);
    browser.get("http://localhost:" + port + "/compliance.html");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    String redLine =
        browser
            .findElement(By.cssSelector("#compliance-figures tr[data-figure='red-line']"))
            .getText();
    JsonNode d = statement.get("district");
    assertThat(redLine)
        .contains(String.format(Locale.ROOT, "%.2f km²", d.get("redLineKm2").asDouble()))
        .contains(String.format(Locale.ROOT, "%,d 亩", Math.round(d.get("redLineMu").asDouble())));
    assertThat(
            browser
                .findElement(By.cssSelector("#compliance-figures tr[data-figure='minimum']"))
                .getText())
        .contains(String.format(Locale.ROOT, "%.2f km²", d.get("minimumKm2").asDouble()));
    assertThat(
            browser
                .findElement(By.cssSelector("#compliance-figures tr[data-figure='margin']"))
                .getText())
        .contains(muSigned(d.get("marginMu").asDouble()) + " 亩");
    assertThat(browser.findElement(By.id("compliance-if-approved")).getText())
        .contains("待审提案 " + d.get("pendingProposals").asInt() + " 项");
    // the district's share of the ready reserve, as the reserve ledger says
    JsonNode reserve = null;
    for (JsonNode r : expect(200, "GET", "/api/reserve/summary", null, null).get("districts")) {
      if (r.get("code").asText().equals("440604")) {
        reserve = r;
      }
    }
    assertThat(browser.findElement(By.id("compliance-reserve")).getText())
        .contains(
            String.format(Locale.ROOT, "%,d 亩", Math.round(reserve.get("readyMu").asDouble())))
        .contains(
            String.format(Locale.ROOT, "%,d 亩", Math.round(reserve.get("shareMu").asDouble())));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("禅城区工业用地红线保有量达标说明");
    Map<String, Object> answer =
        browser.executeCdpCommand(
            "Page.printToPDF", Map.of("preferCSSPageSize", true, "printBackground", true));
    byte[] pdf = Base64.getDecoder().decode((String) answer.get("data"));
    assertThat(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
    Path file = temp.resolve("statement.pdf");
    Files.write(file, pdf);
    Process text = new ProcessBuilder("pdftotext", file.toString(), "-").start();
    String printed = new String(text.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(text.waitFor()).isZero();
    assertThat(printed.replaceAll("\\s+", ""))
        .contains("达标说明")
        .contains(String.format(Locale.ROOT, "%.2fkm²", d.get("redLineKm2").asDouble()));

    // another district's statement is not 禅城's officer's to print
    browser.get("http://localhost:" + port + "/compliance.html?district=440605");
    waiting().until(d2 -> "true".equals(js("return document.body.dataset.ready")));
    assertThat(browser.findElement(By.cssSelector(".compliance-error")).getText())
        .contains("只能打印本区的达标说明");
  }
}
