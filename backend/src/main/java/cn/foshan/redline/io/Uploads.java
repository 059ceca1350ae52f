package cn.foshan.redline.io;

import cn.foshan.redline.system.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * An uploaded file, made safe to hand to GDAL: saved under a name of our own in a fresh work
 * directory; a zip (and an .xlsx, which is one) unpacked or read through entry by entry with its
 * names checked (no ../, no absolute paths), its entries counted and its bytes counted as they are
 * decompressed (zip bombs); a Shapefile's parts renamed to data.shp/.shx/.dbf/.prj/.cpg and checked
 * (all present, as many records in .shx as in .dbf). Nothing from the client ever becomes a path or
 * an argument.
 */
final class Uploads {

  /** The formats we read, by file extension. */
  enum Format {
    SHAPEFILE("shp"),
    GEOPACKAGE("gpkg"),
    GEOJSON("geojson"),
    KML("kml"),
    CSV("csv"),
    XLSX("xlsx"),
    /** A CAD drawing: taken as a reference layer only (it has no CRS and no fields to map). */
    DXF("dxf");

    final String extension;

    Format(String extension) {
      this.extension = extension;
    }

    /** Whether the file carries its attributes only, with the shape as WKT text. */
    boolean wkt() {
      return this == CSV || this == XLSX;
    }

    /**
     * Whether GDAL reads a file of this format as one layer (a Shapefile's zip holds one .shp), so
     * that it can be read before its layers are listed.
     */
    boolean oneLayer() {
      return this == SHAPEFILE || this == GEOJSON || this == CSV;
    }
  }

  /** The file GDAL reads, its format, and (Shapefile) whether it has a .prj and a .cpg. */
  record Source(Path file, Format format, boolean hasPrj, boolean hasCpg) {}

  private Uploads() {}

  static ApiException unreadable(String detail) {
    return ApiException.unprocessable("unreadable-file", "Unreadable file", detail);
  }

  /** The format of an uploaded file by its name (zip for a zipped Shapefile and others). */
  static String extension(String fileName) {
    String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1);
  }

  /**
   * Saves the upload in the work directory and makes it a Source GDAL may read; a DXF drawing only
   * when {@code drawings} (reference layers), and only when its content is one.
   */
  static Source prepare(
      InputStream upload,
      String fileName,
      Path workDir,
      long maxUnzipped,
      int maxRatio,
      int maxEntries,
      boolean drawings)
      throws IOException {
    String ext = extension(fileName);
    if (ext.equals("zip")) {
      Path zip = workDir.resolve("upload.zip");
      Files.copy(upload, zip);
      return unzip(zip, workDir, unzippedLimit(zip, maxUnzipped, maxRatio), maxEntries);
    }
    if (ext.equals("json")) {
      ext = "geojson";
    }
    Format format = byExtension(ext);
    if (format == null || format == Format.SHAPEFILE || (format == Format.DXF && !drawings)) {
      throw ApiException.unsupportedMediaType(
          "unsupported-format",
          "Unsupported format",
          "Send a zipped Shapefile (.zip with .shp, .shx, .dbf and .prj), a GeoPackage (.gpkg),"
              + " GeoJSON (.geojson, .json), KML (.kml), or CSV/XLSX with a WKT column (.csv,"
              + " .xlsx)"
              + (drawings ? ", or a DXF drawing (.dxf)" : "")
              + "; not '"
              + (fileName == null ? "" : fileName)
              + "'");
    }
    Path file = workDir.resolve("data." + format.extension);
    Files.copy(upload, file);
    if (format == Format.DXF && !DxfDrawing.looks(head(file))) {
      throw unreadable("该文件不是 DXF 图形（the file is not a DXF drawing）");
    }
    if (format == Format.XLSX) {
      // a workbook is a zip that GDAL unpacks: the same checks first, nothing written
      unpack(file, unzippedLimit(file, maxUnzipped, maxRatio), maxEntries, name -> null);
      XlsxXml.refuseDtds(file);
    }
    return new Source(file, format, false, false);
  }

  /** The first 4 KB of a file. */
  private static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(4096);
    }
  }

  private static Format byExtension(String ext) {
    for (Format f : Format.values()) {
      if (f.extension.equals(ext)) {
        return f;
      }
    }
    return null;
  }

  /**
   * The most a zip may unpack to: maxUnzipped, and at most maxRatio times its own size (a zip bomb
   * of 4 MB unpacks to gigabytes; real data rarely to more than a few dozen times its zip).
   */
  static long unzippedLimit(Path zip, long maxUnzipped, int maxRatio) throws IOException {
    return Math.min(maxUnzipped, Math.max(1, Files.size(zip)) * maxRatio);
  }

  /**
   * Unpacks a zip safely: its one data set, renamed to data.<ext>. The zip is first read through
   * without writing anything (its names, entries and decompressed bytes counted), so that a zip
   * bomb never reaches the disk; then its parts are written, counted again.
   */
  static Source unzip(Path zip, Path workDir, long maxUnzipped, int maxEntries) throws IOException {
    unpack(zip, maxUnzipped, maxEntries, name -> null);
    Map<String, Path> parts = new LinkedHashMap<>();
    List<String> dataSets = new ArrayList<>();
    unpack(
        zip,
        maxUnzipped,
        maxEntries,
        name -> {
          String base = name.substring(name.lastIndexOf('/') + 1);
          if (base.startsWith(".") || name.startsWith("__MACOSX/")) {
            return null;
          }
          String ext = extension(base);
          Format format = byExtension(ext.equals("json") ? "geojson" : ext);
          boolean shapePart = List.of("shx", "dbf", "prj", "cpg").contains(ext);
          if (format == null && !shapePart) {
            return null; // .xml metadata, .sbn indexes, readme: not read
          }
          String key = format == null ? ext : format.extension;
          if (parts.containsKey(key)) {
            throw unreadable(
                "The zip holds more than one ." + ext + " file: send one data set per zip");
          }
          if (format != null) {
            dataSets.add(base);
          }
          Path target = workDir.resolve("data." + key);
          parts.put(key, target);
          return target;
        });
    Gdal.deleteQuietly(zip);
    if (dataSets.size() != 1) {
      throw unreadable(
          dataSets.isEmpty() && (parts.containsKey("shx") || parts.containsKey("dbf"))
              ? "The Shapefile is incomplete: its .shp is missing from the zip"
              : dataSets.isEmpty()
                  ? "The zip holds no data set (.shp, .gpkg, .geojson, .kml, .csv or .xlsx)"
                  : "The zip holds more than one data set (" + String.join(", ", dataSets) + ")");
    }
    if (parts.containsKey("shp")) {
      List<String> missing = new ArrayList<>();
      for (String ext : List.of("shx", "dbf")) {
        if (!parts.containsKey(ext)) {
          missing.add("." + ext);
        }
      }
      if (!missing.isEmpty()) {
        throw unreadable(
            "The Shapefile "
                + dataSets.get(0)
                + " is incomplete: "
                + String.join(" and ", missing)
                + " missing from the zip");
      }
      checkRecordCounts(parts.get("shx"), parts.get("dbf"));
      return new Source(
          parts.get("shp"), Format.SHAPEFILE, parts.containsKey("prj"), parts.containsKey("cpg"));
    }
    Path file =
        parts.values().stream()
            .filter(p -> !p.toString().endsWith(".prj"))
            .findFirst()
            .orElseThrow();
    Format format = byExtension(extension(file.toString()));
    if (format == Format.XLSX) {
      unpack(file, maxUnzipped, maxEntries, name -> null);
      XlsxXml.refuseDtds(file);
    }
    return new Source(file, format, false, false);
  }

  /** Where an entry of a zip goes: a file of ours, or null to skip it. */
  @FunctionalInterface
  interface EntryTarget {
    Path target(String entryName) throws IOException;
  }

  /**
   * Unpacks a zip entry by entry through the checks every zip upload gets: at most maxEntries
   * entries, no entry name that is absolute or climbs out (zip slip), and at most maxUnzipped bytes
   * in all, counted as they are decompressed (a zip bomb's headers may say anything), those of
   * skipped entries included. Each file entry goes where the target says (a path of ours, never the
   * entry's name), or nowhere (null); directories are skipped. A 4xx ApiException when the zip
   * breaks a rule or is not a zip.
   */
  static void unpack(Path zip, long maxUnzipped, int maxEntries, EntryTarget targets)
      throws IOException {
    long total = 0;
    int entries = 0;
    byte[] buffer = new byte[64 * 1024];
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      ZipEntry entry;
      boolean any = false;
      while ((entry = in.getNextEntry()) != null) {
        any = true;
        if (++entries > maxEntries) {
          throw ApiException.unprocessable(
              "zip-too-many-entries",
              "Too many entries",
              "The zip holds more than " + maxEntries + " entries");
        }
        String name = entry.getName();
        checkName(name);
        if (entry.isDirectory()) {
          continue;
        }
        Path target = targets.target(name);
        // a skipped entry is decompressed all the same (to find the next): counted too
        try (OutputStream out =
            target == null
                ? OutputStream.nullOutputStream()
                : Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > maxUnzipped) {
              throw ApiException.tooLarge(
                  "zip-too-large",
                  "Too large when unpacked",
                  "压缩包解压后超过 "
                      + megabytes(maxUnzipped)
                      + "（或压缩比过高），不予接受（The zip unpacks to more than "
                      + megabytes(maxUnzipped)
                      + ", or far more than its own size: more than we accept）");
            }
            out.write(buffer, 0, n);
          }
        }
      }
      if (!any) {
        throw unreadable("The file is not a zip archive, or an empty one");
      }
    } catch (ZipException | java.io.EOFException e) {
      throw unreadable("The zip archive is damaged: " + e.getMessage());
    }
  }

  private static String megabytes(long bytes) {
    return bytes >= 1024 * 1024 ? bytes / (1024 * 1024) + " MB" : bytes / 1024 + " KB";
  }

  /** Refuses entry names that would leave the work directory (zip slip). */
  private static void checkName(String name) {
    String n = name.replace('\\', '/');
    boolean bad =
        n.isEmpty()
            || n.startsWith("/")
            || n.matches("^[A-Za-z]:.*")
            || n.indexOf('\0') >= 0
            || List.of(n.split("/")).contains("..");
    if (bad) {
      throw ApiException.unprocessable(
          "unsafe-zip",
          "Unsafe zip",
          "The zip holds an entry with an unsafe path ('"
              + name
              + "'): entries must not be absolute or contain ..");
    }
  }

  /** A Shapefile's .shx and .dbf must count the same records. */
  private static void checkRecordCounts(Path shx, Path dbf) throws IOException {
    long shxRecords;
    long dbfRecords;
    try (FileChannel s = FileChannel.open(shx);
        FileChannel d = FileChannel.open(dbf)) {
      if (s.size() < 100 || (s.size() - 100) % 8 != 0) {
        throw unreadable("The Shapefile's .shx is damaged (its size is not an index's)");
      }
      shxRecords = (s.size() - 100) / 8;
      ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      if (d.read(header, 0) < 8) {
        throw unreadable("The Shapefile's .dbf is damaged (too short)");
      }
      dbfRecords = Integer.toUnsignedLong(header.getInt(4));
    }
    if (shxRecords != dbfRecords) {
      throw unreadable(
          "The Shapefile's parts disagree: the .shx indexes "
              + shxRecords
              + " shapes but the .dbf holds "
              + dbfRecords
              + " records");
    }
  }
}
