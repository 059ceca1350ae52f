package cn.foshan.redline.io;

import cn.foshan.redline.system.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;

/**
 * The XML of a workbook's parts, read safely and as Excel means it: a streaming (StAX) reader that
 * refuses a DTD as soon as it comes (no entities, internal or external), the check of every part's
 * prolog for a DTD before GDAL reads a workbook, and the text of cells and string items within
 * Excel's limit of a cell's length.
 */
final class XlsxXml {

  /** Excel's own limit of the characters in a cell. */
  private static final int MAX_CELL_CHARS = 32_767;

  private XlsxXml() {}

  static ApiException notWellFormed(XMLStreamException e) {
    return Uploads.unreadable(
        "The workbook is damaged (a part is not well-formed XML): "
            + e.getMessage().replaceAll("\\s+", " ").trim());
  }

  /**
   * A reader of a part that refuses a DTD ({@code <!DOCTYPE …>}) as soon as it comes: Office never
   * writes one, and one is where entity bombs and external entities hide. (Without DTD support the
   * parser would pass over a DTD whose entities are not used, and read on.)
   */
  static XMLStreamReader xml(InputStream in) throws XMLStreamException {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return new StreamReaderDelegate(factory.createXMLStreamReader(in)) {
      @Override
      public int next() throws XMLStreamException {
        int event = super.next();
        if (event == XMLStreamConstants.DTD) {
          throw dtd();
        }
        return event;
      }
    };
  }

  /** The 422 problem for a workbook whose XML holds a DTD. */
  static ApiException dtd() {
    return Uploads.unreadable(
        "工作簿的 XML 含有 DTD（<!DOCTYPE …>），出于安全不予读取，请用 Excel 或 WPS 重新保存（the"
            + " workbook's XML holds a DTD, <!DOCTYPE …>, which is not read, for safety: save the"
            + " workbook again from Excel or WPS）");
  }

  /**
   * Refuses (422) a workbook any of whose XML parts ({@code .xml}, {@code .rels}) holds a DTD:
   * reads each part's prolog only, up to its first element. For workbooks that GDAL reads (survey
   * imports), after the zip checks of {@link Uploads#unpack}; GDAL's parser would expand the DTD's
   * entities.
   */
  static void refuseDtds(Path workbook) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(workbook))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        String name = entry.getName().toLowerCase(Locale.ROOT);
        if (entry.isDirectory() || !(name.endsWith(".xml") || name.endsWith(".rels"))) {
          continue;
        }
        try {
          XMLStreamReader xml = xml(in);
          while (xml.hasNext() && xml.next() != XMLStreamConstants.START_ELEMENT) {
            // the prolog: comments, processing instructions, and a DTD (refused by xml())
          }
        } catch (XMLStreamException e) {
          throw notWellFormed(e);
        }
      }
    }
  }

  /**
   * The text of a string item ({@code <si>}, {@code <is>}: a {@code <t>} or runs {@code <r><t>}),
   * without its phonetic runs ({@code <rPh>}); the reader ends on the item's end tag.
   */
  static String richText(XMLStreamReader xml) throws XMLStreamException {
    StringBuilder text = new StringBuilder();
    int depth = 1;
    while (depth > 0) {
      int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        if (xml.getLocalName().equals("t")) {
          text(xml, text);
        } else if (xml.getLocalName().equals("rPh") || xml.getLocalName().equals("phoneticPr")) {
          skip(xml);
        } else {
          depth++;
        }
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
    return text.toString();
  }

  /** Appends an element's text (the reader ends on its end tag), at most Excel's cell length. */
  static void text(XMLStreamReader xml, StringBuilder text) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int event = xml.next();
      switch (event) {
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          if (text.length() + xml.getTextLength() > MAX_CELL_CHARS) {
            throw Uploads.unreadable(
                "A cell of the workbook holds more than 32,767 characters, more than Excel allows");
          }
          text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
        }
        case XMLStreamConstants.START_ELEMENT -> depth++;
        case XMLStreamConstants.END_ELEMENT -> depth--;
        default -> {
          // comments, processing instructions
        }
      }
    }
  }

  /** Skips an element and everything in it (the reader ends on its end tag). */
  static void skip(XMLStreamReader xml) throws XMLStreamException {
    int depth = 1;
    while (depth > 0) {
      int event = xml.next();
      if (event == XMLStreamConstants.START_ELEMENT) {
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      }
    }
  }
}
