package cn.foshan.redline.system;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A workbook of one sheet written straight to a stream as Office Open XML (.xlsx): the four fixed
 * parts of the package, then the sheet's rows as they come (numbers as numbers, text inline), so a
 * report of any length never sits in memory. No styles, formulas or shared strings: what a plain
 * table needs.
 */
public final class XlsxSheet implements AutoCloseable {

  private static final String XML =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
  private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  private static final String RELATIONSHIPS =
      "http://schemas.openxmlformats.org/package/2006/relationships";
  private static final String OFFICE =
      "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

  private final ZipOutputStream zip;
  private final Writer out;
  private int rows;

  public XlsxSheet(OutputStream stream, String sheetName) throws IOException {
    zip = new ZipOutputStream(stream, StandardCharsets.UTF_8);
    out = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
    part(
        "[Content_Types].xml",
        XML
            + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\""
            + " ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType="
            + "\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType="
            + "\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            + "</Types>");
    part(
        "_rels/.rels",
        XML
            + "<Relationships xmlns=\""
            + RELATIONSHIPS
            + "\"><Relationship Id=\"rId1\" Type=\""
            + OFFICE
            + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    part(
        "xl/workbook.xml",
        XML
            + "<workbook xmlns=\""
            + MAIN
            + "\" xmlns:r=\""
            + OFFICE
            + "\"><sheets><sheet name=\""
            + escape(sheetName)
            + "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
    part(
        "xl/_rels/workbook.xml.rels",
        XML
            + "<Relationships xmlns=\""
            + RELATIONSHIPS
            + "\"><Relationship Id=\"rId1\" Type=\""
            + OFFICE
            + "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>");
    zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
    out.write(XML + "<worksheet xmlns=\"" + MAIN + "\"><sheetData>");
  }

  private void part(String name, String content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    out.write(content);
    out.flush();
    zip.closeEntry();
  }

  /** One row: numbers become numeric cells, booleans boolean cells, anything else text. */
  public void row(Object... values) throws IOException {
    rows++;
    out.write("<row r=\"" + rows + "\">");
    for (Object v : values) {
      if (v == null) {
        out.write("<c/>");
      } else if (v instanceof Number n) {
        String text = n instanceof BigDecimal d ? d.toPlainString() : n.toString();
        out.write("<c><v>" + text + "</v></c>");
      } else if (v instanceof Boolean b) {
        out.write("<c t=\"b\"><v>" + (b ? 1 : 0) + "</v></c>");
      } else {
        out.write("<c t=\"inlineStr\"><is><t>" + escape(v.toString()) + "</t></is></c>");
      }
    }
    out.write("</row>");
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        default -> {
          if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    out.write("</sheetData></worksheet>");
    out.flush();
    zip.closeEntry();
    zip.finish();
    zip.flush();
  }
}
