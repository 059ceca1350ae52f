package cn.foshan.redline.attachment;

import cn.foshan.redline.system.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What an uploaded file is, read from its bytes: PDF, JPEG or PNG, or refused. The name's
 * extension, the type the client declared and the content must all say the same; the content must
 * have its format's signature at the start and its format's end at the end (PDF: {@code %PDF-x.y} …
 * {@code %%EOF}; JPEG: SOI … EOI; PNG: the signature, IHDR first … IEND), with nothing after that
 * end (where a zip or a script would ride along: a polyglot), and no HTML in its first kilobyte
 * (what a browser that sniffs would look at). The file is read once, as it streams: its size, its
 * SHA-256, its first and last kilobyte; nothing more is held.
 */
final class FileKinds {

  /** The kinds accepted. */
  enum Kind {
    PDF("application/pdf", "PDF 文件", "a PDF file", "pdf"),
    JPEG("image/jpeg", "JPEG 图片", "a JPEG image", "jpg jpeg"),
    PNG("image/png", "PNG 图片", "a PNG image", "png");

    final String mediaType;
    final String zh;
    final String en;

    /** Its extensions, separated by spaces. */
    final String extensions;

    Kind(String mediaType, String zh, String en, String extensions) {
      this.mediaType = mediaType;
      this.zh = zh;
      this.en = en;
      this.extensions = extensions;
    }

    static Kind byExtension(String ext) {
      for (Kind k : values()) {
        if (!ext.isEmpty() && List.of(k.extensions.split(" ")).contains(ext)) {
          return k;
        }
      }
      return null;
    }

    static Kind byMediaType(String type) {
      for (Kind k : values()) {
        if (k.mediaType.equals(type)) {
          return k;
        }
      }
      return null;
    }
  }

  /** A file as checked: its kind, size and SHA-256 (hex). */
  record Checked(Kind kind, long size, String sha256) {

    byte[] sha256Bytes() {
      return HexFormat.of().parseHex(sha256);
    }
  }

  /** Opens the file afresh (it is read twice: checked, then written). */
  interface Source {
    InputStream open() throws IOException;
  }

  /** How much of the start and the end is looked at. */
  static final int EDGE = 1024;

  /** The longest file name kept, in characters. */
  static final int MAX_NAME = 200;

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] PNG_IEND = {
    0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82
  };

  /** What marks HTML (or SVG, which runs scripts) to a browser that sniffs. */
  private static final List<String> HTML_MARKS =
      List.of("<html", "<script", "<!doctype html", "<body", "<head", "<iframe", "<svg", "<meta");

  private FileKinds() {}

  /**
   * The name to keep: its last path segment, NFC, without control characters, at most {@link
   * #MAX_NAME} characters (cut before the extension), Chinese and all; a 400 problem if nothing is
   * left.
   */
  static String cleanName(String original) {
    String name = original == null ? "" : original;
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    name = Normalizer.normalize(name, Normalizer.Form.NFC).replaceAll("\\p{Cntrl}", "").strip();
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      throw ApiException.badRequest(
          "missing-file-name", "上传的文件没有文件名（the uploaded file has no name）");
    }
    if (name.codePointCount(0, name.length()) > MAX_NAME) {
      String ext = extension(name);
      int keep = MAX_NAME - ext.length() - 1;
      name = name.substring(0, name.offsetByCodePoints(0, keep)) + "." + ext;
    }
    return name;
  }

  /** The extension of a name, lower case ("" for none). */
  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * Checks a file by its name, declared type and content; answers its kind, size and checksum, or
   * throws the problem (415 for a kind not accepted or names and content that disagree, 422 for a
   * file of its kind that is malformed or carries more, 413 above maxSize).
   */
  static Checked check(Source source, String name, String declaredType, long maxSize)
      throws IOException {
    Kind kind = Kind.byExtension(extension(name));
    if (kind == null) {
      throw unsupported(
          "只接受 PDF、JPEG、PNG 文件（.pdf、.jpg、.jpeg、.png），'"
              + name
              + "' 不是（only PDF, JPEG and PNG files are accepted: .pdf, .jpg, .jpeg, .png; not '"
              + name
              + "'）");
    }
    String declared =
        declaredType == null ? "" : declaredType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!declared.isEmpty()
        && !declared.equals("application/octet-stream")
        && !declared.equals(kind.mediaType)
        && !(kind == Kind.JPEG && declared.equals("image/pjpeg"))) {
      throw unsupported(
          "文件 '"
              + name
              + "' 的扩展名是"
              + kind.zh
              + "，声明的类型却是 "
              + declared
              + "（the name of '"
              + name
              + "' says "
              + kind.en
              + " but its declared type is "
              + declared
              + "）");
    }
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] head = new byte[EDGE];
    int headLength = 0;
    byte[] tail = new byte[EDGE]; // a ring: the last EDGE bytes read
    long size = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = source.open()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (size + n > maxSize) {
          throw tooLarge(name, maxSize);
        }
        sha.update(buffer, 0, n);
        if (headLength < EDGE) {
          int take = Math.min(n, EDGE - headLength);
          System.arraycopy(buffer, 0, head, headLength, take);
          headLength += take;
        }
        for (int i = Math.max(0, n - EDGE); i < n; i++) {
          tail[(int) ((size + i) % EDGE)] = buffer[i];
        }
        size += n;
      }
    }
    if (size == 0) {
      throw ApiException.badRequest(
          "empty-file", "文件 '" + name + "' 是空的（the file '" + name + "' is empty）");
    }
    byte[] start = Arrays.copyOf(head, headLength);
    int tailLength = (int) Math.min(size, EDGE);
    byte[] end = new byte[tailLength];
    for (int i = 0; i < tailLength; i++) {
      end[i] = tail[(int) ((size - tailLength + i) % EDGE)];
    }
    Kind actual = sniff(start);
    if (actual != kind) {
      throw unsupported(
          "文件 '"
              + name
              + "' 的内容不是"
              + kind.zh
              + (actual == null ? "（无法识别的内容）" : "，而是" + actual.zh)
              + "（the content of '"
              + name
              + "' is "
              + (actual == null ? "not " + kind.en : actual.en + ", not " + kind.en)
              + "）");
    }
    String html = htmlIn(start);
    if (html != null) {
      throw malformed(
          "文件 '"
              + name
              + "' 开头含有网页代码 "
              + html
              + "，可能是伪装的网页，不予接受（the start of '"
              + name
              + "' holds HTML ("
              + html
              + "): it may be a web page in disguise and is refused）");
    }
    String problem =
        switch (kind) {
          case PDF -> pdfEnd(end);
          case JPEG -> jpegEnd(end);
          case PNG -> pngStructure(start, end);
        };
    if (problem != null) {
      throw malformed(
          "文件 '" + name + "' 不是完整的" + kind.zh + "：" + problem + "（" + name + ": " + problem + "）");
    }
    return new Checked(kind, size, HexFormat.of().formatHex(sha.digest()));
  }

  /** The kind whose signature the content starts with, or null. */
  static Kind sniff(byte[] start) {
    if (startsWith(start, "%PDF-".getBytes(StandardCharsets.US_ASCII))
        && start.length >= 8
        && Character.isDigit(start[5])
        && start[6] == '.'
        && Character.isDigit(start[7])) {
      return Kind.PDF;
    }
    if (start.length >= 3
        && start[0] == (byte) 0xff
        && start[1] == (byte) 0xd8
        && start[2] == (byte) 0xff) {
      return Kind.JPEG;
    }
    if (startsWith(start, PNG_SIGNATURE)) {
      return Kind.PNG;
    }
    return null;
  }

  /** The first HTML mark in the bytes (ASCII, any case), or null. */
  private static String htmlIn(byte[] start) {
    String text = new String(start, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    for (String mark : HTML_MARKS) {
      if (text.contains(mark)) {
        return mark + ">";
      }
    }
    return null;
  }

  /** A PDF ends with %%EOF and at most white space after it. */
  private static String pdfEnd(byte[] end) {
    String text = new String(end, StandardCharsets.ISO_8859_1);
    int eof = text.lastIndexOf("%%EOF");
    if (eof < 0) {
      return "结尾没有 %%EOF（no %%EOF at its end: cut short, or not a PDF）";
    }
    for (int i = eof + 5; i < end.length; i++) {
      if (" \t\r\n\f\0".indexOf(text.charAt(i)) < 0) {
        return "%%EOF 之后还有其他数据（data after its %%EOF: a file riding along）";
      }
    }
    return null;
  }

  /** A JPEG ends with EOI (FF D9); nothing after it. */
  private static String jpegEnd(byte[] end) {
    int n = end.length;
    if (n < 4 || end[n - 2] != (byte) 0xff || end[n - 1] != (byte) 0xd9) {
      return "结尾不是 JPEG 结束标记 FFD9，或其后还有其他数据（it does not end with the JPEG end marker"
          + " FFD9: cut short, or data after it)";
    }
    return null;
  }

  /** A PNG: IHDR first (13 bytes, width and height not 0), IEND last, nothing after it. */
  private static String pngStructure(byte[] start, byte[] end) {
    if (start.length < 33
        || start[8] != 0
        || start[9] != 0
        || start[10] != 0
        || start[11] != 13
        || start[12] != 'I'
        || start[13] != 'H'
        || start[14] != 'D'
        || start[15] != 'R') {
      return "第一个数据块不是 IHDR（its first chunk is not IHDR）";
    }
    long width = readInt(start, 16);
    long height = readInt(start, 20);
    if (width == 0 || height == 0) {
      return "图像宽度或高度为 0（its width or height is 0）";
    }
    if (end.length < PNG_IEND.length
        || !Arrays.equals(
            Arrays.copyOfRange(end, end.length - PNG_IEND.length, end.length), PNG_IEND)) {
      return "结尾不是 IEND 数据块，或其后还有其他数据（it does not end with the IEND chunk: cut short, or"
          + " data after it)";
    }
    return null;
  }

  private static long readInt(byte[] b, int at) {
    return ((b[at] & 0xffL) << 24)
        | ((b[at + 1] & 0xffL) << 16)
        | ((b[at + 2] & 0xffL) << 8)
        | (b[at + 3] & 0xffL);
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(Arrays.copyOf(bytes, prefix.length), prefix);
  }

  static ApiException tooLarge(String name, long maxSize) {
    String mb = megabytes(maxSize);
    return ApiException.tooLarge(
        "attachment-too-large",
        "Attachment too large",
        "文件 '"
            + name
            + "' 超过附件大小上限 "
            + mb
            + "（the file '"
            + name
            + "' is larger than the attachment limit of "
            + mb
            + "）");
  }

  static String megabytes(long bytes) {
    double mb = bytes / (1024.0 * 1024.0);
    return (mb == Math.rint(mb)
            ? String.valueOf((long) mb)
            : String.format(Locale.ROOT, "%.1f", mb))
        + " MB";
  }

  private static ApiException unsupported(String detail) {
    return ApiException.unsupportedMediaType(
        "unsupported-attachment", "Unsupported attachment", detail);
  }

  private static ApiException malformed(String detail) {
    return ApiException.unprocessable("malformed-attachment", "Malformed attachment", detail);
  }
}
