package cn.foshan.redline.io;

import cn.foshan.redline.system.ApiException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;

/**
 * The character encoding of a file that does not state it: a Shapefile's .dbf without a .cpg, or a
 * CSV sent without {@code encoding=}. Survey files here come in UTF-8 or in GBK (Chinese Windows'
 * code page 936), so the text is tried both ways, strictly: valid UTF-8 is UTF-8; text that is not
 * UTF-8 but decodes as GBK (or GB18030) is GBK. Short GBK text can happen to be valid UTF-8 as well
 * (山水 is C9BD CBAE, which UTF-8 reads as "ɽˮ"): UTF-8 is taken then only when it reads as Chinese
 * text; otherwise we cannot tell, and ask (a 422 problem naming encoding=) rather than guess and
 * garble the file's names. A .dbf's language driver id (byte 29) settles it when it names code page
 * 936 (0x4D, 0x7A); 0x57 ("ANSI": the writer's Windows code page, GBK on a Chinese Windows) and 0
 * say nothing, and the bytes decide; any other id is GDAL's to read.
 */
final class Encodings {

  /** At most this much text is looked at (the first records of a large file). */
  private static final long SAMPLE_BYTES = 64L * 1024 * 1024;

  /** Language driver ids of a .dbf that name code page 936 (GBK). */
  private static final Map<Integer, String> CHINESE_LDID = Map.of(0x4D, "GBK", 0x7A, "GBK");

  /** Language driver ids that say nothing about the code page (none; the writer's ANSI page). */
  private static final int LDID_NONE = 0;

  private static final int LDID_ANSI = 0x57;

  private static final Charset GBK = Charset.forName("GBK");
  private static final Charset GB18030 = Charset.forName("GB18030");

  private Encodings() {}

  /** The encodings a file may be stated in, by the names people use. */
  static final Map<String, String> NAMES =
      Map.of(
          "UTF-8", "UTF-8",
          "UTF8", "UTF-8",
          "GBK", "GBK",
          "CP936", "GBK",
          "GB2312", "GBK",
          "GB18030", "GB18030",
          "BIG5", "BIG5",
          "ISO-8859-1", "ISO-8859-1",
          "LATIN1", "ISO-8859-1");

  /** The encoding a request names (encoding=), by its name in Java; a 400 problem for others. */
  static String named(String name) {
    String e = NAMES.get(name.trim().toUpperCase(Locale.ROOT));
    if (e == null) {
      throw ApiException.badRequest(
          "unsupported-encoding",
          "encoding must be one of UTF-8, GBK, GB18030, BIG5, ISO-8859-1, not '" + name + "'");
    }
    return e;
  }

  /**
   * The encoding of a file that does not state it (a Shapefile without .cpg, a CSV), found from its
   * bytes; null when it is stated, or is for GDAL to read (a .cpg, a .dbf's language driver id, a
   * format whose encoding is defined).
   */
  static Found detect(Uploads.Source source, String stated) throws IOException {
    if (stated != null) {
      return null;
    }
    if (source.format() == Uploads.Format.SHAPEFILE && !source.hasCpg()) {
      return ofDbf(source.file().resolveSibling("data.dbf"));
    }
    if (source.format() == Uploads.Format.CSV) {
      return ofText(source.file());
    }
    return null;
  }

  /**
   * The encoding a file is read in: the one stated, else the one found from its bytes (null: GDAL
   * reads it from the file, or it is UTF-8). A CSV in another encoding is rewritten to UTF-8 here,
   * as GDAL reads a CSV as UTF-8 only.
   */
  static Reading read(Uploads.Source source, String stated) throws IOException {
    Found found = detect(source, stated);
    String readAs = stated != null ? stated : found == null ? null : found.encoding();
    if (source.format() == Uploads.Format.CSV && readAs != null && !readAs.equals("UTF-8")) {
      toUtf8(source.file(), Charset.forName(readAs));
    }
    return new Reading(readAs, found);
  }

  /** The encoding a file is read in (null: GDAL's), and the one found from its bytes, if any. */
  record Reading(String readAs, Found found) {}

  /** Whether GDAL stopped at text not in the encoding it read the file in. */
  static boolean notUtf8(Gdal.GdalException e) {
    return e.getMessage().contains("Non UTF-8 content");
  }

  /** The 422 problem for text GDAL found not to be in {@code readAs} (null: GDAL's own reading). */
  static ApiException notReadableIn(String readAs) {
    return readAs != null ? notIn(readAs) : required("文件");
  }

  /** How the encoding was settled, as the import records it (and shows). */
  static String used(Uploads.Source source, String stated, Found found) {
    if (stated != null) {
      return stated;
    }
    if (found != null) {
      return found.encoding() + " (" + found.how() + ")";
    }
    if (source.format() == Uploads.Format.SHAPEFILE) {
      return source.hasCpg() ? "from .cpg" : "from the .dbf header (no .cpg)";
    }
    return "UTF-8";
  }

  /** An encoding found, and how (as the import records it). */
  record Found(String encoding, String how) {}

  /**
   * The encoding of a .dbf's text, or null when GDAL is to read it from the .dbf's language driver
   * id (one we do not decide on); a 422 problem when it cannot be told.
   */
  static Found ofDbf(Path dbf) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(dbf), 1 << 16)) {
      byte[] header = in.readNBytes(32);
      if (header.length < 32) {
        throw Uploads.unreadable("The Shapefile's .dbf is damaged (too short)");
      }
      int ldid = header[29] & 0xFF;
      if (CHINESE_LDID.containsKey(ldid)) {
        return new Found(CHINESE_LDID.get(ldid), "from the .dbf's language driver id, no .cpg");
      }
      if (ldid != LDID_NONE && ldid != LDID_ANSI) {
        return null;
      }
      long records = Integer.toUnsignedLong(le32(header, 4));
      int headerLength = le16(header, 8);
      int recordLength = le16(header, 10);
      // the field descriptors: 32 bytes each, up to the 0x0D terminator
      byte[] descriptors = in.readNBytes(Math.max(0, headerLength - 32));
      java.util.List<int[]> text = new java.util.ArrayList<>(); // offset in record, length
      int offset = 1; // the deletion flag
      for (int d = 0; d + 32 <= descriptors.length && descriptors[d] != 0x0D; d += 32) {
        byte type = descriptors[d + 11];
        int length = descriptors[d + 16] & 0xFF;
        if (type != 'N' && type != 'F') {
          // as shapelib reads it: the decimal count byte is the high byte of other fields' width
          length |= (descriptors[d + 17] & 0xFF) << 8;
        }
        if (type == 'C') {
          text.add(new int[] {offset, length});
        }
        offset += length;
      }
      Verdict verdict = new Verdict();
      if (recordLength <= 0 || text.isEmpty()) {
        return verdict.decide(true);
      }
      byte[] record = new byte[recordLength];
      long read = 0;
      for (long r = 0; r < records && read < SAMPLE_BYTES; r++) {
        if (in.readNBytes(record, 0, recordLength) < recordLength) {
          break;
        }
        read += recordLength;
        for (int[] field : text) {
          int end = Math.min(recordLength, field[0] + field[1]);
          int start = Math.min(end, field[0]);
          while (end > start && (record[end - 1] == ' ' || record[end - 1] == 0)) {
            end--;
          }
          verdict.add(record, start, end);
        }
      }
      return verdict.decide(true);
    }
  }

  /** The encoding of a text file (a CSV) sent without one; a 422 problem when it cannot be told. */
  static Found ofText(Path file) throws IOException {
    Verdict verdict = new Verdict();
    try (InputStream in = Files.newInputStream(file)) {
      // line by line (bytes), so that a multi-byte character is never cut in two
      byte[] buffer = new byte[1 << 16];
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      long read = 0;
      int n;
      while (read < SAMPLE_BYTES && (n = in.read(buffer)) > 0) {
        read += n;
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            verdict.add(line.toByteArray(), 0, line.size());
            line.reset();
          } else {
            line.write(buffer[i]);
          }
        }
      }
      verdict.add(line.toByteArray(), 0, line.size());
    }
    return verdict.decide(false);
  }

  /**
   * Rewrites a text file from an encoding to UTF-8, strictly: a 422 problem when it is not in that
   * encoding.
   */
  static void toUtf8(Path file, Charset from) throws IOException {
    Path out = file.resolveSibling(file.getFileName() + ".utf8");
    CharsetDecoder decoder =
        from.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (Reader reader = new InputStreamReader(Files.newInputStream(file), decoder);
        Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      reader.transferTo(writer);
    } catch (CharacterCodingException e) {
      Files.deleteIfExists(out);
      throw notIn(from.name());
    }
    Files.move(out, file, StandardCopyOption.REPLACE_EXISTING);
  }

  static ApiException notIn(String encoding) {
    return ApiException.unprocessable(
        "wrong-encoding",
        "Wrong encoding",
        "文件的文字不是 "
            + encoding
            + " 编码：请用 encoding= 说明其实际编码（UTF-8、GBK、GB18030、BIG5 或 ISO-8859-1）"
            + "（The file's text is not in "
            + encoding
            + ": state its encoding with encoding=: UTF-8, GBK, GB18030, BIG5 or ISO-8859-1）");
  }

  /** The 422 problem when the encoding cannot be told: the client states it. */
  static ApiException required(String what) {
    return ApiException.unprocessable(
        "encoding-required",
        "Encoding required",
        "无法判断"
            + what
            + "的字符编码，请用 encoding= 说明（如 GBK 或 UTF-8）（The character encoding of "
            + what
            + " cannot be told from its bytes: state it with encoding=, e.g. GBK or UTF-8）",
        Map.of("encodings", java.util.List.of("UTF-8", "GBK", "GB18030", "BIG5", "ISO-8859-1")));
  }

  /** The blocks of punctuation and symbols of Chinese text. */
  private static final java.util.Set<Character.UnicodeBlock> CHINESE_BLOCKS =
      java.util.Set.of(
          Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION,
          Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS,
          Character.UnicodeBlock.GENERAL_PUNCTUATION,
          Character.UnicodeBlock.ENCLOSED_CJK_LETTERS_AND_MONTHS,
          Character.UnicodeBlock.CJK_COMPATIBILITY,
          Character.UnicodeBlock.NUMBER_FORMS,
          Character.UnicodeBlock.LETTERLIKE_SYMBOLS);

  /** What the text seen so far says, value by value. */
  private static final class Verdict {
    private final CharsetDecoder utf8 = strict(StandardCharsets.UTF_8);
    private final CharsetDecoder gbk = strict(GBK);
    private final CharsetDecoder gb18030 = strict(GB18030);
    private boolean nonAscii;
    private boolean utf8Valid = true;
    private boolean utf8Chinese = true;
    private boolean gbkValid = true;
    private boolean gb18030Valid = true;

    void add(byte[] bytes, int from, int to) {
      boolean high = false;
      for (int i = from; i < to && !high; i++) {
        high = bytes[i] < 0;
      }
      if (!high) {
        return;
      }
      nonAscii = true;
      if (utf8Valid) {
        CharBuffer chars = decode(utf8, bytes, from, to);
        if (chars == null) {
          utf8Valid = false;
        } else if (utf8Chinese) {
          utf8Chinese = chars.chars().allMatch(Verdict::chinese);
        }
      }
      if (gbkValid && decode(gbk, bytes, from, to) == null) {
        gbkValid = false;
      }
      if (gb18030Valid && decode(gb18030, bytes, from, to) == null) {
        gb18030Valid = false;
      }
    }

    Found decide(boolean dbf) {
      String how = dbf ? "detected from the .dbf's text, no .cpg" : "detected from the text";
      if (!nonAscii) {
        return new Found("UTF-8", how + ": ASCII only");
      }
      if (utf8Valid && (utf8Chinese || !gb18030Valid)) {
        return new Found("UTF-8", how);
      }
      if (!utf8Valid && gbkValid) {
        return new Found("GBK", how);
      }
      if (!utf8Valid && gb18030Valid) {
        return new Found("GB18030", how);
      }
      throw required(dbf ? "Shapefile 属性表（.dbf）" : "文件");
    }

    /**
     * A character common in Chinese text: Han, CJK and full-width punctuation, ², °, ·, ×, a byte
     * order mark.
     */
    private static boolean chinese(int c) {
      if (c < 0x80) {
        return true;
      }
      if ((c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7) {
        return true;
      }
      if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
        return true;
      }
      Character.UnicodeBlock block = Character.UnicodeBlock.of(c);
      return block != null && CHINESE_BLOCKS.contains(block);
    }

    private static CharsetDecoder strict(Charset charset) {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static CharBuffer decode(CharsetDecoder decoder, byte[] bytes, int from, int to) {
      try {
        return decoder.reset().decode(ByteBuffer.wrap(bytes, from, to - from));
      } catch (CharacterCodingException e) {
        return null;
      }
    }
  }

  private static int le32(byte[] b, int at) {
    return (b[at] & 0xFF)
        | (b[at + 1] & 0xFF) << 8
        | (b[at + 2] & 0xFF) << 16
        | (b[at + 3] & 0xFF) << 24;
  }

  private static int le16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }
}
