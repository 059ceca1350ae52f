package cn.foshan.redline.efficiency;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.Browser;
import cn.foshan.redline.EmptyCityTest;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.WithBrowser;
import cn.foshan.redline.security.Role;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.XlsxSheet;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The bureau's import of a year's figures on the planner's page (efficiency.html), in a real
 * browser (Debian Chromium), on a small city of its own (two parcels, two enterprises, figures for
 * 2024): the bureau logs in, opens the import panel, chooses a CSV with bad rows and sees the
 * report (rows, errors, each bad row with its column and reason, no commit), discards it; chooses a
 * file named .xlsx that is no workbook and sees the service's problem; chooses a good .xlsx, sees
 * it valid, commits it, and the parcels' tax per mu in the table changes to what the database now
 * holds.
 */
@WithBrowser
class IndicatorImportBrowserTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("indicator_import_browser");
  private static final int YEAR = 2024;
  private static final String HEADER =
      "credit_code,tax_10k_cny,output_10k_cny,value_added_10k_cny,revenue_10k_cny,"
          + "fixed_asset_investment_10k_cny,energy_tce,emissions_t,employees,rd_expense_10k_cny,"
          + "year,parcel_codes";

  private static ChromeDriver browser;
  private static Path files;

  @Autowired private UserAccounts accounts;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    register(registry, SCHEMA);
  }

  @BeforeAll
  static void temporaryDirectory() throws Exception {
    files = Files.createTempDirectory("indicator-import-browser-");
  }

  @AfterAll
  static void stop() throws Exception {
    try (var walk = Files.walk(files)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    TestDatabase.drop(SCHEMA);
  }

  /** A district, a cluster, parcels P1 and P2 held by E1 and E2, and their figures of 2024. */
  private void city() throws Exception {
    // the service loaded the real districts into its empty schema: this city has one square one
    jdbc.sql("TRUNCATE district, change_set RESTART IDENTITY CASCADE").update();
    jdbc.sql(
            "INSERT INTO change_set (author, reason, status, committed_at)"
                + " VALUES ('test', 'a small city', 'COMMITTED', now())")
        .update();
    jdbc.sql(
            "INSERT INTO district (code, name, name_en, red_line_minimum_km2, geom) VALUES"
                + " ('440604', '禅城区', 'Chancheng', 1,"
                + " ST_Multi(ST_MakeEnvelope(112.0, 22.0, 112.45, 23.5, 4490)))")
        .update();
    jdbc.sql(
            "INSERT INTO industrial_cluster (code, name, name_en, geom, change_set_id) VALUES"
                + " ('C1', '禅城测试集聚区', 'C1',"
                + " ST_Multi(ST_MakeEnvelope(112.005, 22.05, 112.2, 22.25, 4490)), 1)")
        .update();
    for (int i = 1; i <= 2; i++) {
      jdbc.sql(
              "INSERT INTO parcel (code, district_code, cluster_id, land_use, grant_type,"
                  + " granted_on, geom, change_set_id) SELECT 'P' || :i, '440604', id, '0601',"
                  + " 'GRANT', DATE '2020-01-01', ST_Multi(ST_MakeEnvelope(112.01 + :i * 0.02,"
                  + " 22.1, 112.02 + :i * 0.02, 22.11, 4490)), 1 FROM industrial_cluster")
          .param("i", i)
          .update();
      jdbc.sql(
              "INSERT INTO enterprise (credit_code, name, industry_code, district_code, founded_on)"
                  + " VALUES ('91440600TEST0000E' || :i, '测试企业 ' || :i, '34', '440604',"
                  + " DATE '2010-01-01')")
          .param("i", i)
          .update();
      jdbc.sql(
              "INSERT INTO parcel_enterprise (parcel_id, enterprise_id, floor_area_share, since)"
                  + " SELECT p.id, e.id, 1, DATE '2020-01-01' FROM parcel p, enterprise e"
                  + " WHERE p.code = 'P' || :i AND e.credit_code = '91440600TEST0000E' || :i")
          .param("i", i)
          .update();
      jdbc.sql(
              "INSERT INTO annual_indicator (enterprise_id, year, tax_10k_cny, output_10k_cny,"
                  + " value_added_10k_cny, revenue_10k_cny, fixed_asset_investment_10k_cny,"
                  + " energy_tce, emissions_t, employees, rd_expense_10k_cny) SELECT id, :y,"
                  + " :t, :t * 10, :t * 3, :t * 11, :t * 20, :t / 2, 1, 10, :t / 2 FROM enterprise"
                  + " WHERE credit_code = '91440600TEST0000E' || :i")
          .param("y", YEAR)
          .param("t", i == 1 ? 3000 : 1000)
          .param("i", i)
          .update();
    }
    accounts.create(jdbc, "bureau", "Bureau", "bureau-2026", Role.BUREAU, null);
    var response =
        new ServiceClient(port)
            .send("POST", "/api/efficiency/recompute?year=" + YEAR, "bureau", null);
    assertThat(response.statusCode()).isEqualTo(200);
  }

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

  private WebElement report() {
    return browser.findElement(By.id("import-report"));
  }

  /** Chooses a file in the import panel for the year and sends it; the report's state. */
  private String send(Path file) {
    js("delete document.getElementById('import-report').dataset.state");
    WebElement form = browser.findElement(By.id("import-form"));
    WebElement year = form.findElement(By.name("year"));
    year.clear();
    year.sendKeys(String.valueOf(YEAR));
    form.findElement(By.name("file")).sendKeys(file.toString());
    form.findElement(By.cssSelector("button[type='submit']")).click();
    waiting()
        .until(
            d ->
                Set.of("valid", "invalid", "error")
                    .contains(String.valueOf(report().getAttribute("data-state"))));
    return report().getAttribute("data-state");
  }

  /** The tax per mu the results table shows for a parcel (its text, also while in another tab). */
  private String taxPerMuShown(String parcel) {
    List<WebElement> heads = browser.findElements(By.cssSelector("#results-head th"));
    int column = -1;
    for (int i = 0; i < heads.size(); i++) {
      if (heads.get(i).getAttribute("textContent").contains("亩均税收")) {
        column = i;
      }
    }
    assertThat(column).as("the tax per mu column").isNotNegative();
    return browser
        .findElements(By.cssSelector("#results-body tr[data-code='" + parcel + "'] td"))
        .get(column)
        .getAttribute("textContent")
        .strip();
  }

  /** The tax per mu of a parcel in the database, as the page writes it (2 decimals below 100). */
  private String taxPerMuStored(String parcel) {
    double value =
        jdbc.sql(
                "SELECT e.tax_per_mu FROM parcel_efficiency e JOIN parcel p ON p.id = e.parcel_id"
                    + " WHERE p.code = :code AND e.year = :y")
            .param("code", parcel)
            .param("y", YEAR)
            .query(Double.class)
            .single();
    assertThat(value).isLessThan(100);
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private long count(String sql) {
    return jdbc.sql(sql).query(Long.class).single();
  }

  @Test
  void theBureauImportsAYearsFiguresFromCsvAndExcelThroughTheValidationReport() throws Exception {
    city();
    browser.get("http://localhost:" + port + "/efficiency.html");
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    cn.foshan.redline.Browser.logIn(
        browser, "login-required-button", "bureau", "bureau-2026", "BUREAU");
    waiting().until(d -> queries() >= 1);
    assertThat(browser.findElement(By.id("results-table")).getAttribute("data-total"))
        .isEqualTo("2");
    String before = taxPerMuShown("P1");
    assertThat(before).isEqualTo(taxPerMuStored("P1"));

    // the import panel is the bureau's, and takes both kinds of file
    WebElement tab = browser.findElement(By.id("import-tab"));
    assertThat(tab.isDisplayed()).isTrue();
    tab.click();
    WebElement input = browser.findElement(By.cssSelector("#import-form input[name='file']"));
    assertThat(input.getAttribute("accept").split(",")).contains(".csv", ".xlsx");

    // a CSV with two bad rows: the report lists them, and there is nothing to commit
    Path bad = files.resolve("figures-bad.csv");
    Files.writeString(
        bad,
        HEADER
            + "\n91440600TEST0000E1,9000,90000,27000,99000,180000,4500,1,10,4500,2024,P1"
            + "\n91440600TEST0000E9,100,1000,300,1100,2000,50,1,10,50,2024,"
            + "\n91440600TEST0000E2,100,-5,300,1100,2000,50,1,10,50,2024,\n",
        StandardCharsets.UTF_8);
    assertThat(send(bad)).isEqualTo("invalid");
    String head = report().findElement(By.className("eff-import-head")).getText();
    assertThat(head).contains("figures-bad.csv", "2024", "3 行 rows", "2 处错误 errors", "有错误");
    List<String> problems = new ArrayList<>();
    for (WebElement row : report().findElements(By.cssSelector(".eff-import-errors tbody tr"))) {
      problems.add(row.getText());
    }
    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).startsWith("3 credit_code").contains("no enterprise");
    assertThat(problems.get(1)).startsWith("4 output_10k_cny").contains("must not be negative");
    assertThat(browser.findElement(By.id("import-commit")).isEnabled()).isFalse();
    Files.write(
        Path.of("target", "efficiency-import-report.png"),
        browser.getScreenshotAs(OutputType.BYTES));
    browser.findElement(By.id("import-discard")).click();
    waiting().until(d -> "discarded".equals(report().getAttribute("data-state")));
    assertThat(report().getText()).contains("已放弃");
    assertThat(count("SELECT count(*) FROM indicator_import WHERE status = 'DISCARDED'"))
        .isEqualTo(1);

    // a file named .xlsx that is no workbook: the service's problem, shown; nothing kept
    Path fake = files.resolve("figures-fake.xlsx");
    Files.writeString(fake, HEADER + "\n", StandardCharsets.UTF_8);
    assertThat(send(fake)).isEqualTo("error");
    assertThat(report().getText()).contains("422").contains("not an Excel workbook");
    assertThat(count("SELECT count(*) FROM indicator_import")).isEqualTo(1);

    // a good workbook (numbers as numeric cells): valid, committed, and the table changes
    Path good = files.resolve("figures-2024.xlsx");
    try (OutputStream out = Files.newOutputStream(good);
        XlsxSheet sheet = new XlsxSheet(out, "2024")) {
      sheet.row((Object[]) HEADER.split(","));
      sheet.row("91440600TEST0000E1", 9000, 90000, 27000, 99000, 180000, 4500, 1, 10, 4500, 2024.0);
      sheet.row("91440600TEST0000E2", 1500, 15000, 4500, 16500, 30000, 750, 1, 10, 750, null, "P2");
    }
    assertThat(send(good)).isEqualTo("valid");
    assertThat(report().findElement(By.className("eff-import-head")).getText())
        .contains("figures-2024.xlsx", "2 行 rows", "校验通过", "0 处错误 errors");
    assertThat(report().getText()).contains("replacesRows: 2", "taxTotal10kCny: 10500");
    WebElement commit = browser.findElement(By.id("import-commit"));
    assertThat(commit.isEnabled()).isTrue();
    int queried = queries();
    commit.click();
    waiting().until(d -> "committed".equals(report().getAttribute("data-state")));
    assertThat(report().getText()).contains("已提交 2024");
    waiting().until(d -> queries() > queried);

    // the database holds the new figures, the old ones in the history
    assertThat(count("SELECT sum(tax_10k_cny)::bigint FROM annual_indicator WHERE year = " + YEAR))
        .isEqualTo(10500);
    assertThat(count("SELECT count(*) FROM annual_indicator_history WHERE year = " + YEAR))
        .isEqualTo(2);
    // and the table shows them: P1's tax per mu is three times what it was
    String after = taxPerMuShown("P1");
    assertThat(after).isEqualTo(taxPerMuStored("P1")).isNotEqualTo(before);
    assertThat(Double.parseDouble(after))
        .isCloseTo(3 * Double.parseDouble(before), org.assertj.core.data.Offset.offset(0.02));
    assertThat(taxPerMuShown("P2")).isEqualTo(taxPerMuStored("P2"));
    Files.write(
        Path.of("target", "efficiency-import-committed.png"),
        browser.getScreenshotAs(OutputType.BYTES));
  }
}
