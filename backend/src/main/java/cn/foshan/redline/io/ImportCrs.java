package cn.foshan.redline.io;

import cn.foshan.redline.system.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The CRS of a file to import: the one stated (crs=EPSG:nnnn), else the one the file (or its chosen
 * layer) says, as GDAL identifies it; never guessed. Only CGCS2000, WGS 84 (taken as CGCS2000) and
 * CGCS2000's two Gauss–Krüger zones of Foshan are taken; a 3-D geographic CRS counts as its
 * horizontal one (the heights are dropped, and the report says so).
 */
@Component
class ImportCrs {

  /** 3-D geographic CRSs and the horizontal CRS of their first two axes. */
  private static final Map<Integer, Integer> HORIZONTAL = Map.of(4979, 4326, 4480, 4490);

  /** The CRSs a file may come in (stated or found in it), by EPSG code. */
  static final Map<Integer, String> CRS =
      Map.of(
          4490, "CGCS2000",
          4326, "WGS 84 (taken as CGCS2000: they agree to centimetres)",
          4547, "CGCS2000 / 3-degree Gauss-Kruger CM 114E",
          4546, "CGCS2000 / 3-degree Gauss-Kruger CM 111E");

  private static final Pattern EPSG = Pattern.compile("EPSG:(\\d+)");

  private final Gdal gdal;

  ImportCrs(Gdal gdal) {
    this.gdal = gdal;
  }

  static int srid(String crs) {
    Matcher m = EPSG.matcher(crs.trim().toUpperCase(Locale.ROOT));
    if (!m.matches() || !CRS.containsKey(Integer.parseInt(m.group(1)))) {
      throw ApiException.badRequest(
          "unsupported-crs",
          "crs must be one of " + crsList() + " (as EPSG:nnnn), not '" + crs + "'");
    }
    return Integer.parseInt(m.group(1));
  }

  private static String crsList() {
    return CRS.keySet().stream()
        .sorted()
        .map(c -> "EPSG:" + c)
        .reduce((a, b) -> a + ", " + b)
        .orElse("");
  }

  /**
   * Why the CRS cannot be known before the file is read (a CSV's or XLSX's WKT, a Shapefile without
   * its .prj, and none stated); null when it is stated or the file may say it.
   */
  static String missing(Uploads.Source source, Integer stated) {
    if (stated != null) {
      return null;
    }
    if (source.format().wkt()) {
      return "A " + source.format() + " file does not say its CRS";
    }
    if (source.format() == Uploads.Format.SHAPEFILE && !source.hasPrj()) {
      return "The Shapefile has no .prj";
    }
    return null;
  }

  /**
   * The CRS: as stated, else as the file (or its layer {@code named}) says; never guessed. {@code
   * crsWkt} is the layer's CRS as GDAL read it when it listed the layers (or null): when GDAL named
   * its EPSG code there, that is the code; else gdalsrsinfo identifies it, a process of its own.
   */
  int sourceSrid(Uploads.Source source, String named, String crsWkt, Integer stated, Path work) {
    if (stated != null) {
      return stated;
    }
    String missing = missing(source, null);
    if (missing != null) {
      throw unknownCrs(missing);
    }
    Integer identified = crsWkt == null ? null : epsgOf(crsWkt);
    String out;
    try {
      out =
          identified != null
              ? "EPSG:" + identified
              : gdal.run(
                  work,
                  List.of(
                      "gdalsrsinfo",
                      "-o",
                      "epsg",
                      named == null
                          ? source.file().toString()
                          : layerCrs(source, named, crsWkt, work)));
    } catch (Gdal.GdalException e) {
      throw unknownCrs("Its CRS cannot be read (" + e.getMessage() + ")");
    }
    Matcher m = EPSG.matcher(out);
    // (gdalsrsinfo answers EPSG:0 for a CRS it cannot match, e.g. one bound to WGS 84 by a shift)
    if (!m.find() || Integer.parseInt(m.group(1)) == 0) {
      throw unknownCrs("Its CRS is not one with an EPSG code we can identify");
    }
    int code = Integer.parseInt(m.group(1));
    // a 3-D geographic CRS is its horizontal one with heights, which the import drops (and says
    // so): GDAL names GeoJSON with heights EPSG:4979, WGS 84 3-D; CGCS2000's is EPSG:4480
    code = HORIZONTAL.getOrDefault(code, code);
    if (!CRS.containsKey(code)) {
      throw unknownCrs("Its CRS is EPSG:" + code + ", which we do not take");
    }
    return code;
  }

  private static final Pattern ID = Pattern.compile("ID\\[\"EPSG\",(\\d+)\\]");

  /**
   * The EPSG code a CRS's WKT (WKT2, as ogrinfo writes it) names for the CRS itself: its ID at the
   * top level, not one of its parts' (a base CRS, a method, a parameter); null when it names none
   * (a CRS GDAL did not identify, or one bound to another by a transformation).
   */
  static Integer epsgOf(String wkt) {
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < wkt.length(); i++) {
      char c = wkt.charAt(i);
      if (c == '"') {
        quoted = !quoted; // a quote in a name is doubled: two toggles
      } else if (!quoted && (c == '[' || c == '(')) {
        depth++;
      } else if (!quoted && (c == ']' || c == ')')) {
        depth--;
      } else if (!quoted
          && depth == 1
          && wkt.startsWith("ID[", i)
          && !Character.isLetter(wkt.charAt(i - 1))) {
        Matcher m = ID.matcher(wkt).region(i, wkt.length());
        return m.lookingAt() ? Integer.valueOf(m.group(1)) : null;
      }
    }
    return null;
  }

  /**
   * The CRS of one layer of a file (gdalsrsinfo reads a file's first layer only), as a file of its
   * WKT for gdalsrsinfo to identify: the WKT ogrinfo gave when it listed the layers, or (not kept
   * then: a file of thousands of layers) the layer's own summary.
   */
  private String layerCrs(Uploads.Source source, String layer, String known, Path work) {
    String wkt = known;
    if (wkt == null) {
      List<ImportStaging.FileLayer> summary =
          gdal.runLines(work, ImportStaging.summary(source, layer), ImportStaging::summarized);
      wkt = summary.isEmpty() ? null : summary.get(0).crsWkt();
    }
    if (wkt == null || wkt.isBlank() || wkt.strip().equals("(unknown)")) {
      throw unknownCrs("Its layer '" + layer + "' has no CRS");
    }
    try {
      Path file = work.resolve("layer-crs.wkt");
      Files.writeString(file, wkt, StandardCharsets.UTF_8);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ApiException unknownCrs(String why) {
    return ApiException.unprocessable(
        "unknown-crs",
        "Unknown CRS",
        why
            + ". We never guess a CRS: state it with crs= (one of "
            + crsList()
            + "), or reproject the file.");
  }
}
