package cn.foshan.redline.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.Browser;
import cn.foshan.redline.DemoCityTest;
import cn.foshan.redline.WithBrowser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Printed drawings (图件) in a real browser: the print layout is printed to PDF by Chromium
 * (DevTools' printToPDF, taking the paper from the page's @page rules), the PDF is checked with
 * poppler's pdfinfo and pdftotext and rendered with pdftoppm, and on the raster the scale bar's
 * drawn length and the distance between two selected parcels agree with the chosen scale within 1
 * %.
 */
@WithBrowser
class PrintBrowserTest extends DemoCityTest {

  /** Raster resolution for the measurements: one pixel is 0.127 mm. */
  private static final int DPI = 200;

  private static ChromeDriver browser;

  @TempDir Path temp;

  private WebDriverWait waiting() {
    return Browser.waiting(browser, Duration.ofSeconds(60));
  }

  private Object js(String script, Object... args) {
    return browser.executeScript(script, args);
  }

  private void openPrint(String query) {
    browser.get("about:blank");
    browser.get(base() + "/print.html?" + query);
    waitReady();
  }

  private void waitReady() {
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Two parcels 800 to 1,400 m apart (between their bbox centres), each under ~500 m across. */
  private Map<String, Object> twoParcels() {
    return jdbc.sql(
            """
            WITH small AS (
              SELECT id, code, geom, ST_Centroid(ST_Envelope(geom)) AS c FROM parcel
              WHERE ST_XMax(geom) - ST_XMin(geom) < 0.005 AND ST_YMax(geom) - ST_YMin(geom) < 0.0045
            ), a AS (SELECT * FROM small ORDER BY id LIMIT 200)
            SELECT a.id AS a_id, a.code AS a_code, b.id AS b_id, b.code AS b_code,
                   (ST_X(a.c) + ST_X(b.c)) / 2 AS lon, (ST_Y(a.c) + ST_Y(b.c)) / 2 AS lat,
                   ST_Distance(a.c::geography, b.c::geography) AS ground_m
            FROM a JOIN small b
              ON b.id <> a.id AND ST_DWithin(b.c, a.c, 0.015)
             AND ST_Distance(a.c::geography, b.c::geography) BETWEEN 800 AND 1400
            ORDER BY a.id, b.id LIMIT 1
            """)
        .query()
        .singleRow();
  }

  @Test
  void aDrawingIsPrintedTrueToScaleOnA3() throws Exception {
    Map<String, Object> pair = twoParcels();
    long a = ((Number) pair.get("a_id")).longValue();
    long b = ((Number) pair.get("b_id")).longValue();
    double lat = ((Number) pair.get("lat")).doubleValue();
    double lon = ((Number) pair.get("lon")).doubleValue();
    int scale = 10000;
    openPrint(
        "lat="
            + lat
            + "&lon="
            + lon
            + "&scale="
            + scale
            + "&paper=A3&orientation=landscape&features=parcel:"
            + a
            + ",parcel:"
            + b
            + "&title="
            + enc("佛山市工业用地红线图（测试）")
            + "&docno="
            + enc("佛自然资〔2026〕88号"));
    assertThat(js("return document.getElementById('sheet').dataset.scale")).isEqualTo("10000");

    Path pdf = printToPdf("a3.pdf");
    Map<String, String> info = pdfinfo(pdf);
    assertThat(info.get("Pages")).isEqualTo("1");
    double[] size = pageSize(info);
    assertThat(size[0]).as("A3 landscape width, pt").isCloseTo(1190.55, within(1.0));
    assertThat(size[1]).as("A3 landscape height, pt").isCloseTo(841.89, within(1.0));

    String text = run("pdftotext", "-layout", pdf.toString(), "-");
    assertThat(text)
        .contains("佛山市工业用地红线图（测试）")
        .contains("佛自然资〔2026〕88号")
        .contains("1:10,000")
        .contains("2000国家大地坐标系")
        .contains((String) pair.get("a_code"))
        .contains((String) pair.get("b_code"));

    BufferedImage page = raster(pdf);
    assertThat(page.getWidth()).isCloseTo((int) Math.round(420 / 25.4 * DPI), within(2));
    assertScaleBarTrue(page, scale);

    // the two selected parcels, outlined in the selection's colour: the distance between their
    // outlines' centres on paper, at the scale, is their distance on the ground
    List<int[]> outlines = components(page, PrintBrowserTest::isHighlight, frame("print-map"));
    assertThat(outlines).hasSizeGreaterThanOrEqualTo(2);
    int[] p = outlines.get(0);
    int[] q = outlines.get(1);
    double dxPx = (p[0] + p[2]) / 2.0 - (q[0] + q[2]) / 2.0;
    double dyPx = (p[1] + p[3]) / 2.0 - (q[1] + q[3]) / 2.0;
    double paperMm = Math.hypot(dxPx, dyPx) / DPI * 25.4;
    double groundM = ((Number) pair.get("ground_m")).doubleValue();
    double drawnGroundM = paperMm * scale / 1000;
    System.out.printf(
        "print: parcels %.2f mm apart on paper = %.2f m at 1:%d; on the ground %.2f m%n",
        paperMm, drawnGroundM, scale, groundM);
    assertThat(drawnGroundM / groundM)
        .as("ground distance drawn %.2f m vs %.2f m", drawnGroundM, groundM)
        .isCloseTo(1.0, within(0.01));
  }

  /**
   * The same two parcels on A3 in Gauss–Krüger (EPSG:4547): their outlines' centres on paper, at
   * 1:10,000, are as far apart as PostGIS puts the centres of their extents in EPSG:4547 (the
   * outlines are drawn in that plane, grid north up, so their boxes on paper are those extents),
   * within 0.5 %; and the scale bar too.
   */
  @Test
  void aGaussKrugerDrawingIsTrueToScaleInEpsg4547() throws Exception {
    Map<String, Object> pair = twoParcels();
    long a = ((Number) pair.get("a_id")).longValue();
    long b = ((Number) pair.get("b_id")).longValue();
    int scale = 10000;
    openPrint(
        "lat="
            + pair.get("lat")
            + "&lon="
            + pair.get("lon")
            + "&scale="
            + scale
            + "&paper=A3&orientation=landscape&projection=gk&features=parcel:"
            + a
            + ",parcel:"
            + b);
    assertThat(js("return document.getElementById('sheet').dataset.projection"))
        .isEqualTo("EPSG:4547");
    assertThat(js("return document.querySelectorAll('#gk-map path').length > 2")).isEqualTo(true);

    Path pdf = printToPdf("a3-gk.pdf");
    String text = run("pdftotext", "-layout", pdf.toString(), "-");
    assertThat(text).contains("EPSG:4547", "中央经线", "114°E", "高斯-");
    BufferedImage page = raster(pdf);
    assertScaleBarTrue(page, scale, 0.005);

    double planeM =
        jdbc.sql(
                "SELECT ST_Distance(ST_Centroid(ST_Envelope(ST_Transform(a.geom, 4547))),"
                    + " ST_Centroid(ST_Envelope(ST_Transform(b.geom, 4547))))"
                    + " FROM parcel a, parcel b WHERE a.id = :a AND b.id = :b")
            .param("a", a)
            .param("b", b)
            .query(Double.class)
            .single();
    List<int[]> outlines = components(page, PrintBrowserTest::isHighlight, frame("print-map"));
    assertThat(outlines).hasSizeGreaterThanOrEqualTo(2);
    int[] p = outlines.get(0);
    int[] q = outlines.get(1);
    double paperMm =
        Math.hypot(
                (p[0] + p[2]) / 2.0 - (q[0] + q[2]) / 2.0,
                (p[1] + p[3]) / 2.0 - (q[1] + q[3]) / 2.0)
            / DPI
            * 25.4;
    double drawnM = paperMm * scale / 1000;
    System.out.printf(
        "print GK: parcels %.2f mm apart on paper = %.2f m at 1:%d; in EPSG:4547 %.2f m%n",
        paperMm, drawnM, scale, planeM);
    assertThat(drawnM / planeM)
        .as("plane distance drawn %.2f m vs %.2f m", drawnM, planeM)
        .isCloseTo(1.0, within(0.005));
  }

  @Test
  void thePrintButtonOpensTheLayoutOfTheViewWithTheSelectedParcelAndATypedScale() throws Exception {
    Map<String, Object> parcel =
        jdbc.sql(
                """
                SELECT id, code, area_m2, ST_X(ST_PointOnSurface(geom)) AS lon,
                       ST_Y(ST_PointOnSurface(geom)) AS lat
                FROM parcel p WHERE area_m2 BETWEEN 20000 AND 60000
                  AND NOT EXISTS (SELECT 1 FROM factory_building f WHERE ST_Intersects(f.geom, p.geom))
                ORDER BY id LIMIT 1
                """)
            .query()
            .singleRow();
    double lon = ((Number) parcel.get("lon")).doubleValue();
    double lat = ((Number) parcel.get("lat")).doubleValue();
    browser.get("about:blank");
    browser.get(base() + "/#16/" + lat + "/" + lon);
    waiting().until(d -> "true".equals(js("return document.body.dataset.ready")));
    // a click on the parcel selects it
    Browser.clickMapAt(browser, lon, lat, 0, 0);
    waiting()
        .until(
            d ->
                !browser
                    .findElements(By.cssSelector(".fp-feature[data-layer='parcel']"))
                    .isEmpty());
    String mapWindow = browser.getWindowHandle();
    browser.findElement(By.id("print-open")).click();
    waiting().until(d -> browser.getWindowHandles().size() == 2);
    String printWindow =
        browser.getWindowHandles().stream().filter(w -> !w.equals(mapWindow)).findFirst().get();
    browser.switchTo().window(printWindow);
    try {
      waitReady();
      assertThat(browser.getCurrentUrl()).contains("features=parcel%3A" + parcel.get("id"));
      // the table: the parcel's code and its area as the system keeps it (m², 亩)
      double areaM2 = ((Number) parcel.get("area_m2")).doubleValue();
      String row = browser.findElement(By.cssSelector("#sheet-table-body tr")).getText();
      assertThat(row)
          .contains((String) parcel.get("code"))
          .contains(String.format(Locale.ROOT, "%,.2f", areaM2))
          .contains(String.format(Locale.ROOT, "%,.2f", areaM2 * 0.0015));
      // the legend names the layers switched on and drawn
      assertThat(browser.findElement(By.id("sheet-legend")).getText()).contains("宗地");

      // a scale out of range is refused, saying so; a typed one is taken
      WebElement scale = browser.findElement(By.id("print-scale"));
      scale.clear();
      scale.sendKeys("1:300\t");
      assertThat(browser.findElement(By.id("print-message")).getText()).startsWith("比例尺“1:300”无效");
      scale.clear();
      scale.sendKeys("1:2500\t");
      waiting()
          .until(d -> "2500".equals(js("return document.getElementById('sheet').dataset.scale")));
      assertThat(browser.findElement(By.id("print-message")).isDisplayed()).isFalse();
      // text typed into the form is shown as text, never as HTML
      WebElement title = browser.findElement(By.id("print-title"));
      title.clear();
      title.sendKeys("<b>红线</b>图");
      assertThat(js("return document.querySelector('#sheet-title b') === null")).isEqualTo(true);
      assertThat(browser.findElement(By.id("sheet-title")).getText()).isEqualTo("<b>红线</b>图");
      new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("print-orientation")))
          .selectByValue("portrait");
      waitReady();

      Path pdf = printToPdf("a4.pdf");
      Map<String, String> info = pdfinfo(pdf);
      assertThat(info.get("Pages")).isEqualTo("1");
      double[] size = pageSize(info);
      assertThat(size[0]).as("A4 portrait width, pt").isCloseTo(595.28, within(1.0));
      assertThat(size[1]).as("A4 portrait height, pt").isCloseTo(841.89, within(1.0));
      assertThat(run("pdftotext", "-layout", pdf.toString(), "-"))
          .contains("1:2,500")
          .contains("<b>红线</b>图");
      assertScaleBarTrue(raster(pdf), 2500);
    } finally {
      browser.close();
      browser.switchTo().window(mapWindow);
    }
  }

  /**
   * The scale bar on the raster: its dark extent along the row through its middle, in mm, is its
   * label's ground length at the scale, within 1 %. The row is found from the bar's place on the
   * sheet (the sheet is the page); the length is measured on the raster alone.
   */
  private void assertScaleBarTrue(BufferedImage page, int scale) {
    assertScaleBarTrue(page, scale, 0.01);
  }

  private void assertScaleBarTrue(BufferedImage page, int scale, double tolerance) {
    @SuppressWarnings("unchecked")
    Map<String, Number> box =
        (Map<String, Number>)
            js(
                "const s = document.getElementById('sheet').getBoundingClientRect();"
                    + "const b = document.getElementById('scale-bar').getBoundingClientRect();"
                    + "return {left: b.left - s.left, right: b.right - s.left,"
                    + " middle: (b.top + b.bottom) / 2 - s.top};");
    String label = browser.findElement(By.id("scale-bar-label")).getText();
    Matcher m = Pattern.compile("([0-9.]+) (米|千米)").matcher(label);
    assertThat(m.find()).as(label).isTrue();
    double groundM = Double.parseDouble(m.group(1)) * (m.group(2).equals("千米") ? 1000 : 1);
    double pxPerCss = DPI / 96.0;
    int y = (int) Math.round(box.get("middle").doubleValue() * pxPerCss);
    // 1.5 mm either side of where the page put it (the map's neat line is 4 mm to its left)
    double margin = 1.5 * 96 / 25.4;
    int from = (int) Math.round((box.get("left").doubleValue() - margin) * pxPerCss);
    int to = (int) Math.round((box.get("right").doubleValue() + margin) * pxPerCss);
    int first = -1;
    int last = -1;
    for (int x = Math.max(from, 0); x < Math.min(to, page.getWidth()); x++) {
      if (luma(page.getRGB(x, y)) < 128) {
        if (first < 0) {
          first = x;
        }
        last = x;
      }
    }
    assertThat(first).as("the scale bar is drawn").isGreaterThanOrEqualTo(0);
    double drawnMm = (last - first + 1) * 25.4 / DPI;
    double expectedMm = groundM * 1000 / scale;
    System.out.printf(
        "print: scale bar %.2f mm drawn for %s at 1:%d (%.2f mm)%n",
        drawnMm, label, scale, expectedMm);
    assertThat(drawnMm / expectedMm)
        .as("scale bar %.2f mm drawn for %s at 1:%d (%.2f mm)", drawnMm, label, scale, expectedMm)
        .isCloseTo(1.0, within(tolerance));
  }

  /**
   * The raster pixels {minX, minY, maxX, maxY} of an element of the sheet (the sheet is the page).
   */
  private int[] frame(String id) {
    @SuppressWarnings("unchecked")
    List<Number> r =
        (List<Number>)
            js(
                "const s = document.getElementById('sheet').getBoundingClientRect();"
                    + "const b = document.getElementById(arguments[0]).getBoundingClientRect();"
                    + "return [b.left - s.left, b.top - s.top, b.right - s.left, b.bottom - s.top];",
                id);
    double k = DPI / 96.0;
    return new int[] {
      (int) Math.ceil(r.get(0).doubleValue() * k),
      (int) Math.ceil(r.get(1).doubleValue() * k),
      (int) Math.floor(r.get(2).doubleValue() * k),
      (int) Math.floor(r.get(3).doubleValue() * k)
    };
  }

  private Path printToPdf(String name) throws IOException {
    Map<String, Object> answer =
        browser.executeCdpCommand(
            "Page.printToPDF",
            Map.of(
                "preferCSSPageSize", true,
                "printBackground", true,
                "marginTop", 0,
                "marginBottom", 0,
                "marginLeft", 0,
                "marginRight", 0));
    Path pdf = temp.resolve(name);
    Files.write(pdf, Base64.getDecoder().decode((String) answer.get("data")));
    return pdf;
  }

  private Map<String, String> pdfinfo(Path pdf) throws Exception {
    Map<String, String> info = new java.util.HashMap<>();
    for (String line : run("pdfinfo", pdf.toString()).lines().toList()) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        info.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    return info;
  }

  private static double[] pageSize(Map<String, String> info) {
    Matcher m = Pattern.compile("([0-9.]+) x ([0-9.]+) pts").matcher(info.get("Page size"));
    assertThat(m.find()).as(info.get("Page size")).isTrue();
    return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
  }

  private BufferedImage raster(Path pdf) throws Exception {
    Path out = temp.resolve(pdf.getFileName() + "-page");
    run(
        "pdftoppm",
        "-r",
        String.valueOf(DPI),
        "-png",
        "-singlefile",
        pdf.toString(),
        out.toString());
    return ImageIO.read(out.resolveSibling(out.getFileName() + ".png").toFile());
  }

  private static String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    return new String(output, StandardCharsets.UTF_8);
  }

  private static int luma(int rgb) {
    int r = (rgb >> 16) & 255;
    int g = (rgb >> 8) & 255;
    int b = rgb & 255;
    return (r * 299 + g * 587 + b * 114) / 1000;
  }

  /** The selection's outline colour, #00b8d4 (cartography.js HIGHLIGHT), as rendered. */
  private static boolean isHighlight(int rgb) {
    int r = (rgb >> 16) & 255;
    int g = (rgb >> 8) & 255;
    int b = rgb & 255;
    return r < 40 && g >= 160 && g <= 210 && b >= 190 && b <= 235;
  }

  /**
   * The connected regions (8-neighbours) of pixels matching, largest first, each as its bounding
   * box {minX, minY, maxX, maxY}; regions under 50 pixels are left out.
   */
  private static List<int[]> components(
      BufferedImage image, java.util.function.IntPredicate matches, int[] within) {
    int w = image.getWidth();
    int h = image.getHeight();
    boolean[] seen = new boolean[w * h];
    // only the region searched
    for (int i = 0; i < w * h; i++) {
      int x = i % w;
      int y = i / w;
      seen[i] = x < within[0] || y < within[1] || x > within[2] || y > within[3];
    }
    List<int[]> found = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int start = 0; start < w * h; start++) {
      if (seen[start] || !matches.test(image.getRGB(start % w, start / w))) {
        continue;
      }
      int[] box = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
      int size = 0;
      seen[start] = true;
      queue.add(start);
      while (!queue.isEmpty()) {
        int i = queue.poll();
        int x = i % w;
        int y = i / w;
        size++;
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x);
        box[3] = Math.max(box[3], y);
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int nx = x + dx;
            int ny = y + dy;
            if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
              continue;
            }
            int j = ny * w + nx;
            if (!seen[j] && matches.test(image.getRGB(nx, ny))) {
              seen[j] = true;
              queue.add(j);
            }
          }
        }
      }
      if (size >= 50) {
        found.add(box);
        sizes.add(size);
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing((Integer i) -> sizes.get(i)).reversed());
    return order.stream().map(found::get).toList();
  }
}
