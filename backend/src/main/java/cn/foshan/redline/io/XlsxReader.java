package cn.foshan.redline.io;

import cn.foshan.redline.system.ApiException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.springframework.stereotype.Component;

/**
 * The first worksheet of an uploaded Excel workbook (.xlsx, Office Open XML), row by row as text,
 * for the capabilities that take tables rather than shapes (a year's indicators). A workbook is a
 * zip: it gets the checks of every zip upload (Uploads: entry count, no zip slip, the bytes counted
 * as they are decompressed) and is unpacked under names of our own; then its worksheet is streamed
 * (StAX, no DTDs, no entities), so a sheet of any length never sits in memory; its shared strings
 * do, at most {@value #MAX_SHARED_STRINGS_MB} MB of them. A hostile or broken file is a 4xx
 * problem.
 *
 * <p>Cells read as the text Excel shows at full precision: a number in plain notation, rounded to
 * Excel's 15 significant digits, without trailing zeros (1E7, 10000000.0 → 10000000; 2024.0 →
 * 2024), so that codes typed as numbers stay the codes; text as it is; TRUE/FALSE; an error as its
 * code (#N/A); a formula as its last computed value; a blank cell as "". Dates are numbers in Excel
 * and read as their serial number.
 */
@Component
public class XlsxReader {

  static final int MAX_SHARED_STRINGS_MB = 32;

  /** Excel's own limit of the columns in a sheet. */
  private static final int MAX_COLUMNS = 16_384;

  private static final MathContext EXCEL_DIGITS = new MathContext(15);

  private final IoProperties properties;

  XlsxReader(IoProperties properties) {
    this.properties = properties;
  }

  /** A row of the sheet: its number in the sheet (1 = the top row) and its cells, from column A. */
  public record Row(long number, List<String> cells) {}

  /**
   * Opens the first worksheet (the first tab shown; hidden sheets are passed over) of an uploaded
   * .xlsx. A file that is not a workbook, breaks a zip limit or lacks its parts is a 4xx problem,
   * thrown before any row is read.
   */
  public Sheet open(InputStream upload) {
    Path work = null;
    try {
      work = Files.createTempDirectory("redline-xlsx-");
      Path file = work.resolve("upload.xlsx");
      Files.copy(upload, file);
      checkSignature(file);
      Map<String, Path> parts = unpack(file, work);
      Gdal.deleteQuietly(file);
      String workbook = related(parts, "", "/officeDocument");
      if (workbook == null) {
        throw Uploads.unreadable(
            "The file is a zip but not an Excel workbook (.xlsx): it has no workbook part");
      }
      Map<String, Relationship> links = relationships(parts, workbook);
      String sheet = firstWorksheet(parts.get(workbook), links, workbook);
      List<String> strings = List.of();
      for (Relationship r : links.values()) {
        if (r.type().endsWith("/sharedStrings") && r.target() != null) {
          strings = sharedStrings(part(parts, r.target()));
        }
      }
      Sheet opened = new Sheet(work, part(parts, sheet), strings);
      work = null; // the sheet owns it now
      return opened;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (XMLStreamException e) {
      throw XlsxXml.notWellFormed(e);
    } finally {
      Gdal.deleteTree(work);
    }
  }

  /** A zip starts PK; a workbook of Excel 97–2003 (or an encrypted one) is an OLE2 file. */
  private static void checkSignature(Path file) throws IOException {
    byte[] head = new byte[8];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n >= 4 && head[0] == 'P' && head[1] == 'K') {
      return;
    }
    boolean ole2 =
        n == 8
            && (head[0] & 0xff) == 0xD0
            && (head[1] & 0xff) == 0xCF
            && (head[2] & 0xff) == 0x11
            && (head[3] & 0xff) == 0xE0;
    throw Uploads.unreadable(
        ole2
            ? "The file is an Excel 97–2003 workbook (.xls) or a password-protected one, not an"
                + " .xlsx: save it in Excel as \"Excel Workbook (*.xlsx)\" without a password,"
                + " or as CSV UTF-8"
            : "The file is not an Excel workbook (.xlsx): its content is not the zip package an"
                + " .xlsx is");
  }

  /** Every part through Uploads' zip checks, each to a file of ours; part name → file. */
  private Map<String, Path> unpack(Path file, Path work) throws IOException {
    Map<String, Path> parts = new HashMap<>();
    long limit =
        Uploads.unzippedLimit(file, properties.maxUnzipped().toBytes(), properties.maxZipRatio());
    // counted through first, nothing written: a workbook bomb never reaches the disk
    Uploads.unpack(file, limit, properties.maxZipEntries(), name -> null);
    Uploads.unpack(
        file,
        limit,
        properties.maxZipEntries(),
        name -> {
          String key = name.toLowerCase(Locale.ROOT); // part names ignore case (OPC)
          if (parts.containsKey(key)) {
            throw Uploads.unreadable("The workbook holds the part " + name + " twice");
          }
          Path target = work.resolve("part-" + (parts.size() + 1));
          parts.put(key, target);
          return target;
        });
    return parts;
  }

  private record Relationship(String type, String target) {}

  /** The relationships of a part (or of the package, part ""): id → type and resolved target. */
  private static Map<String, Relationship> relationships(Map<String, Path> parts, String source)
      throws IOException, XMLStreamException {
    int slash = source.lastIndexOf('/');
    String dir = source.substring(0, slash + 1);
    Path rels = parts.get((dir + "_rels/" + source.substring(slash + 1) + ".rels"));
    Map<String, Relationship> links = new HashMap<>();
    if (rels == null) {
      return links;
    }
    try (InputStream in = Files.newInputStream(rels)) {
      XMLStreamReader xml = XlsxXml.xml(in);
      while (xml.hasNext()) {
        if (xml.next() == XMLStreamConstants.START_ELEMENT
            && xml.getLocalName().equals("Relationship")
            && !"External".equals(xml.getAttributeValue(null, "TargetMode"))) {
          String id = xml.getAttributeValue(null, "Id");
          String type = xml.getAttributeValue(null, "Type");
          String target = xml.getAttributeValue(null, "Target");
          if (id != null && type != null && target != null) {
            links.put(id, new Relationship(type, resolve(dir, target)));
          }
        }
      }
    }
    return links;
  }

  /** The part a relationship of this type of a source part points to (null when none). */
  private static String related(Map<String, Path> parts, String source, String typeSuffix)
      throws IOException, XMLStreamException {
    for (Relationship r : relationships(parts, source).values()) {
      if (r.type().endsWith(typeSuffix) && r.target() != null && parts.containsKey(r.target())) {
        return r.target();
      }
    }
    return null;
  }

  /** A relationship's target as a part name (lower case), or null when it leaves the package. */
  static String resolve(String dir, String target) {
    String path = target.startsWith("/") ? target.substring(1) : dir + target;
    Deque<String> segments = new ArrayDeque<>();
    for (String s : path.split("/", -1)) {
      if (s.equals("..")) {
        if (segments.isEmpty()) {
          return null;
        }
        segments.removeLast();
      } else if (!s.isEmpty() && !s.equals(".")) {
        segments.addLast(s);
      }
    }
    return String.join("/", segments).toLowerCase(Locale.ROOT);
  }

  private static Path part(Map<String, Path> parts, String name) {
    Path p = name == null ? null : parts.get(name);
    if (p == null) {
      throw Uploads.unreadable("The workbook is incomplete: its part " + name + " is missing");
    }
    return p;
  }

  /**
   * The first visible worksheet in the workbook's order (the first worksheet if all are hidden).
   */
  private static String firstWorksheet(
      Path workbook, Map<String, Relationship> links, String workbookName)
      throws IOException, XMLStreamException {
    String first = null;
    try (InputStream in = Files.newInputStream(workbook)) {
      XMLStreamReader xml = XlsxXml.xml(in);
      while (xml.hasNext()) {
        if (xml.next() != XMLStreamConstants.START_ELEMENT || !xml.getLocalName().equals("sheet")) {
          continue;
        }
        String id = null;
        String state = null;
        for (int i = 0; i < xml.getAttributeCount(); i++) {
          String ns = xml.getAttributeNamespace(i);
          if (xml.getAttributeLocalName(i).equals("id") && ns != null && !ns.isEmpty()) {
            id = xml.getAttributeValue(i);
          } else if (xml.getAttributeLocalName(i).equals("state")) {
            state = xml.getAttributeValue(i);
          }
        }
        Relationship r = id == null ? null : links.get(id);
        if (r == null || !r.type().endsWith("/worksheet")) {
          continue; // a chart sheet, or a sheet without its part
        }
        if (state == null || state.equals("visible")) {
          return r.target();
        }
        if (first == null) {
          first = r.target();
        }
      }
    }
    if (first == null) {
      throw Uploads.unreadable("The workbook (" + workbookName + ") has no worksheet");
    }
    return first;
  }

  /** The shared strings table: the text of each item, phonetic runs left out. */
  private static List<String> sharedStrings(Path part) throws IOException, XMLStreamException {
    if (Files.size(part) > MAX_SHARED_STRINGS_MB * 1024L * 1024L) {
      throw ApiException.tooLarge(
          "xlsx-too-large",
          "Too large",
          "The workbook's shared strings exceed "
              + MAX_SHARED_STRINGS_MB
              + " MB, more than we read: send the sheet as CSV UTF-8");
    }
    List<String> strings = new ArrayList<>();
    try (InputStream in = Files.newInputStream(part)) {
      XMLStreamReader xml = XlsxXml.xml(in);
      while (xml.hasNext()) {
        if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("si")) {
          strings.add(XlsxXml.richText(xml));
        }
      }
    }
    return strings;
  }

  /** A number as Excel shows it at full precision: 15 significant digits, plain, no ".0". */
  static String number(String value) {
    String v = value.strip();
    try {
      BigDecimal d = new BigDecimal(v).round(EXCEL_DIGITS).stripTrailingZeros();
      return d.signum() == 0 ? "0" : d.toPlainString();
    } catch (NumberFormatException e) {
      return v;
    }
  }

  /** The column of a cell reference (A1 → 0, AB7 → 27), or -1 when it is not one. */
  static int column(String reference) {
    int column = 0;
    int i = 0;
    while (i < reference.length() && Character.isLetter(reference.charAt(i))) {
      char c = Character.toUpperCase(reference.charAt(i));
      if (c < 'A' || c > 'Z' || column > MAX_COLUMNS) {
        return -1;
      }
      column = column * 26 + (c - 'A' + 1);
      i++;
    }
    return i == 0 ? -1 : column - 1;
  }

  /** The rows of a worksheet, streamed; closing it deletes the unpacked workbook. */
  public static final class Sheet implements Closeable {

    private final Path work;
    private final InputStream in;
    private final XMLStreamReader xml;
    private final List<String> strings;
    private long lastRow;
    private boolean done;

    private Sheet(Path work, Path sheet, List<String> strings)
        throws IOException, XMLStreamException {
      this.work = work;
      this.strings = strings;
      this.in = Files.newInputStream(sheet);
      try {
        this.xml = XlsxXml.xml(in);
      } catch (XMLStreamException e) {
        in.close();
        throw e;
      }
    }

    /**
     * The next row holding anything but blank cells (trailing blank cells left out), or null at the
     * end of the sheet. A sheet that turns out damaged is a 4xx problem.
     */
    public Row next() {
      try {
        while (!done && xml.hasNext()) {
          int event = xml.next();
          if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("row")) {
            Row row = row();
            if (row != null) {
              return row;
            }
          } else if (event == XMLStreamConstants.END_ELEMENT
              && xml.getLocalName().equals("sheetData")) {
            done = true;
          }
        }
        done = true;
        return null;
      } catch (XMLStreamException e) {
        throw XlsxXml.notWellFormed(e);
      }
    }

    /** Reads a row (the reader on its start tag, ending on its end tag); null when blank. */
    private Row row() throws XMLStreamException {
      String r = xml.getAttributeValue(null, "r");
      long number;
      try {
        number = r == null ? lastRow + 1 : Long.parseLong(r.strip());
      } catch (NumberFormatException e) {
        throw Uploads.unreadable("The worksheet has a row numbered '" + r + "'");
      }
      lastRow = number;
      List<String> cells = new ArrayList<>();
      int next = 0;
      while (true) {
        int event = xml.next();
        if (event == XMLStreamConstants.END_ELEMENT) {
          break; // </row>
        }
        if (event != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        if (!xml.getLocalName().equals("c")) {
          XlsxXml.skip(xml); // extension lists
          continue;
        }
        String reference = xml.getAttributeValue(null, "r");
        int column = reference == null ? next : column(reference);
        if (column < 0 || column >= MAX_COLUMNS) {
          throw Uploads.unreadable(
              "The worksheet has a cell '" + reference + "' in row " + number + " out of range");
        }
        String value = cell(xml.getAttributeValue(null, "t"));
        while (cells.size() <= column) {
          cells.add("");
        }
        cells.set(column, value);
        next = column + 1;
      }
      int last = cells.size();
      while (last > 0 && cells.get(last - 1).isEmpty()) {
        last--;
      }
      return last == 0 ? null : new Row(number, List.copyOf(cells.subList(0, last)));
    }

    /** A cell's text by its type (the reader on its start tag, ending on its end tag). */
    private String cell(String type) throws XMLStreamException {
      String t = type == null ? "n" : type;
      StringBuilder value = new StringBuilder();
      StringBuilder inline = new StringBuilder();
      while (true) {
        int event = xml.next();
        if (event == XMLStreamConstants.END_ELEMENT) {
          break; // </c>
        }
        if (event != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        switch (xml.getLocalName()) {
          case "v" -> XlsxXml.text(xml, value);
          case "is" -> inline.append(XlsxXml.richText(xml));
          default -> XlsxXml.skip(xml); // the formula <f>, extension lists
        }
      }
      String v = value.toString().strip();
      if (v.isEmpty() && !t.equals("inlineStr")) {
        return "";
      }
      return switch (t) {
        case "s" -> shared(v);
        case "inlineStr" -> inline.toString().strip();
        case "b" -> v.equals("1") ? "TRUE" : v.equals("0") ? "FALSE" : v;
        case "n" -> number(v);
        default -> v; // str (a formula's text), e (#N/A), d (an ISO date)
      };
    }

    private String shared(String index) {
      try {
        int i = Integer.parseInt(index);
        if (i >= 0 && i < strings.size()) {
          return strings.get(i).strip();
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw Uploads.unreadable(
          "The worksheet refers to shared string '" + index + "', which the workbook lacks");
    }

    @Override
    public void close() {
      try {
        xml.close();
        in.close();
      } catch (XMLStreamException | IOException e) {
        // the files go anyway
      } finally {
        Gdal.deleteTree(work);
      }
    }
  }
}
