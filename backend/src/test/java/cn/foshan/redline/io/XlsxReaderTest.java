package cn.foshan.redline.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.system.ApiException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The reader of a workbook's first sheet, on packages written here part by part: what each kind of
 * cell reads as, which sheet is first, and how relationships are followed. (The service's own tests
 * send it workbooks written by GDAL and by the service's writer, and hostile ones.)
 */
@Tag("fast")
class XlsxReaderTest {

  private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  private static final String REL =
      "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  private static final String PKG = "http://schemas.openxmlformats.org/package/2006/relationships";

  private final XlsxReader reader =
      new XlsxReader(
          new IoProperties(
              null, DataSize.ofMegabytes(1), 20, null, null, null, null, null, null, null));

  private static byte[] zip(Map<String, String> parts) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> p : parts.entrySet()) {
        zip.putNextEntry(new ZipEntry(p.getKey()));
        zip.write(p.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static String relationships(String... idTypeTarget) {
    StringBuilder b = new StringBuilder("<Relationships xmlns=\"" + PKG + "\">");
    for (int i = 0; i < idTypeTarget.length; i += 3) {
      b.append("<Relationship Id=\"")
          .append(idTypeTarget[i])
          .append("\" Type=\"")
          .append(REL)
          .append('/')
          .append(idTypeTarget[i + 1])
          .append("\" Target=\"")
          .append(idTypeTarget[i + 2])
          .append("\"/>");
    }
    return b.append("</Relationships>").toString();
  }

  /**
   * A workbook whose package is laid out unusually (workbook under book/, an absolute and a ../
   * target), whose first sheet is hidden, and whose second holds every kind of cell.
   */
  private static Map<String, String> workbook(String sheetData) {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("[Content_Types].xml", "<Types/>");
    // the sheet comes before the shared strings it uses, as Excel writes them
    parts.put(
        "sheets/data.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\""
            + MAIN
            + "\"><sheetData>"
            + sheetData
            + "</sheetData></worksheet>");
    parts.put(
        "book/hidden.xml",
        "<worksheet xmlns=\""
            + MAIN
            + "\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>hidden</t></is></c></row>"
            + "</sheetData></worksheet>");
    parts.put(
        "book/strings.xml",
        "<sst xmlns=\""
            + MAIN
            + "\"><si><t>credit_code</t></si><si><t xml:space=\"preserve\"> 91440600TEST0000E1 </t>"
            + "</si><si><r><t>P1</t></r><r><rPr><b/></rPr><t>;P2</t></r>"
            + "<rPh sb=\"0\" eb=\"1\"><t>ピー</t></rPh><phoneticPr fontId=\"1\"/></si></sst>");
    parts.put("_rels/.rels", relationships("rId1", "officeDocument", "/book/workbook.xml"));
    parts.put(
        "book/workbook.xml",
        "<workbook xmlns=\""
            + MAIN
            + "\" xmlns:r=\""
            + REL
            + "\"><sheets><sheet name=\"说明\" sheetId=\"2\" state=\"hidden\" r:id=\"rId7\"/>"
            + "<sheet name=\"图表\" sheetId=\"3\" r:id=\"rId8\"/>"
            + "<sheet name=\"指标\" sheetId=\"1\" r:id=\"rId9\"/></sheets></workbook>");
    parts.put(
        "book/_rels/workbook.xml.rels",
        relationships(
            "rId7",
            "worksheet",
            "hidden.xml",
            "rId8",
            "chartsheet",
            "chart.xml",
            "rId9",
            "worksheet",
            "../sheets/data.xml",
            "rId3",
            "sharedStrings",
            "strings.xml"));
    return parts;
  }

  private List<XlsxReader.Row> read(byte[] file) {
    List<XlsxReader.Row> rows = new ArrayList<>();
    try (XlsxReader.Sheet sheet = reader.open(new ByteArrayInputStream(file))) {
      for (XlsxReader.Row row = sheet.next(); row != null; row = sheet.next()) {
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void theFirstVisibleWorksheetReadsAsExcelShowsIt() throws Exception {
    String sheet =
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"inlineStr\"><is><t>year</t>"
            + "</is></c><c r=\"D1\" t=\"str\"><f>\"a\"&amp;\"b\"</f><v>ab</v></c>"
            + "<c r=\"E1\" s=\"3\"/></row>"
            // blank rows (styled cells, an empty string) are passed over
            + "<row r=\"2\"><c r=\"A2\" s=\"1\"/><c r=\"B2\" t=\"s\"/></row>"
            + "<row r=\"3\" spans=\"1:9\"><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"B3\"><v>2024.0</v>"
            + "</c><c r=\"C3\"><v>1E7</v></c><c r=\"D3\"><v>10000000.0</v></c>"
            + "<c r=\"E3\"><f>0.1+0.2</f><v>0.30000000000000004</v></c>"
            + "<c r=\"F3\"><v>4.406041001E9</v></c><c r=\"G3\"><v>-0</v></c>"
            + "<c r=\"H3\" t=\"b\"><v>1</v></c><c r=\"I3\" t=\"e\"><v>#N/A</v></c></row>"
            // cells without a reference follow the one before; a row without a number the row
            + "<row><c><v>1</v></c><c r=\"C4\" t=\"s\"><v>2</v></c><c><v>9.1440600123456794E17</v>"
            + "</c><c r=\"AB4\"><v>3</v></c></row>";
    List<String> fourth = new ArrayList<>(List.of("1", "", "P1;P2", "914406001234568000"));
    while (fourth.size() < 27) {
      fourth.add(""); // E4 to AA4
    }
    fourth.add("3"); // AB4
    assertThat(read(zip(workbook(sheet))))
        .containsExactly(
            new XlsxReader.Row(1, List.of("credit_code", "year", "", "ab")),
            new XlsxReader.Row(
                3,
                List.of(
                    "91440600TEST0000E1",
                    "2024",
                    "10000000",
                    "10000000",
                    "0.3",
                    "4406041001",
                    "0",
                    "TRUE",
                    "#N/A")),
            new XlsxReader.Row(4, fourth));
  }

  @Test
  void cellReferencesAndNumbers() {
    assertThat(XlsxReader.column("A1")).isZero();
    assertThat(XlsxReader.column("Z9")).isEqualTo(25);
    assertThat(XlsxReader.column("AB7")).isEqualTo(27);
    assertThat(XlsxReader.column("XFD1048576")).isEqualTo(16_383);
    assertThat(XlsxReader.column("7")).isEqualTo(-1);
    assertThat(XlsxReader.number("100.50")).isEqualTo("100.5");
    assertThat(XlsxReader.number("5.0E9")).isEqualTo("5000000000");
    assertThat(XlsxReader.number("1.25E-3")).isEqualTo("0.00125");
    assertThat(XlsxReader.number("abc")).isEqualTo("abc");
    assertThat(XlsxReader.resolve("xl/", "../a/./b.xml")).isEqualTo("a/b.xml");
    assertThat(XlsxReader.resolve("xl/", "/xl/Sheet.XML")).isEqualTo("xl/sheet.xml");
    assertThat(XlsxReader.resolve("", "../../etc/passwd")).isNull();
  }

  @Test
  void aSheetWithoutItsPartsOrWithBadReferencesIsRefused() throws Exception {
    Map<String, String> missing = workbook("");
    missing.remove("sheets/data.xml");
    assertThatThrownBy(() -> read(zip(missing)))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("sheets/data.xml is missing");
    assertThatThrownBy(() -> read(zip(workbook("<row><c t=\"s\"><v>99</v></c></row>"))))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("shared string '99'");
    assertThatThrownBy(() -> read(zip(workbook("<row><c r=\"XFE1\"><v>1</v></c></row>"))))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("out of range");
    assertThatThrownBy(
            () ->
                read(
                    zip(
                        workbook(
                            "<row><c t=\"inlineStr\"><is><t>"
                                + "x".repeat(32_768)
                                + "</t></is></c></row>"))))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("32,767");
  }

  /** The sheet of {@link #workbook} with a DTD before its root, as a hostile file has it. */
  private static Map<String, String> withDtd(String dtd) {
    Map<String, String> parts = workbook("<row><c><v>1</v></c></row>");
    parts.put(
        "sheets/data.xml", parts.get("sheets/data.xml").replace("<worksheet", dtd + "<worksheet"));
    return parts;
  }

  /**
   * A DTD is refused (422) wherever it is, even one whose entities are never used and that the
   * parser would pass over (before this, such a workbook was read and imported: 201).
   */
  @Test
  void aWorkbookWithADtdIsRefused() throws Exception {
    for (String dtd :
        List.of(
            "<!DOCTYPE worksheet>",
            "<!DOCTYPE worksheet [<!ENTITY a \"lol\">]>",
            "<!DOCTYPE worksheet SYSTEM \"http://example.invalid/x.dtd\">")) {
      assertThatThrownBy(() -> read(zip(withDtd(dtd))))
          .as(dtd)
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("DTD")
          .satisfies(e -> assertThat(((ApiException) e).status().value()).isEqualTo(422));
    }
    // without it the same workbook reads
    assertThat(read(zip(withDtd("")))).hasSize(1);
  }

  /** The survey-file import (GDAL reads the workbook) refuses it too, before GDAL sees it. */
  @Test
  void aSurveyWorkbookWithADtdIsRefusedBeforeGdalReadsIt() throws Exception {
    java.nio.file.Path work = java.nio.file.Files.createTempDirectory("xlsx-dtd");
    try {
      byte[] hostile = zip(withDtd("<!DOCTYPE worksheet [<!ENTITY a \"lol\">]>"));
      assertThatThrownBy(
              () ->
                  Uploads.prepare(
                      new ByteArrayInputStream(hostile),
                      "survey.xlsx",
                      work,
                      1 << 20,
                      100,
                      20,
                      false))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("DTD")
          .satisfies(e -> assertThat(((ApiException) e).status().value()).isEqualTo(422));
      java.nio.file.Path again = java.nio.file.Files.createTempDirectory(work, "again");
      assertThat(
              Uploads.prepare(
                      new ByteArrayInputStream(zip(withDtd(""))),
                      "survey.xlsx",
                      again,
                      1 << 20,
                      100,
                      20,
                      false)
                  .file())
          .exists();
    } finally {
      org.springframework.util.FileSystemUtils.deleteRecursively(work);
    }
  }
}
