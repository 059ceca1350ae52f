package cn.foshan.redline.ogc;

import cn.foshan.redline.system.ApiException;
import java.util.Arrays;
import java.util.List;

/**
 * The coordinate reference systems the OGC API serves and reads (Part 2), each with its axis order
 * as its definition gives it. PostGIS always keeps x = east (longitude), y = north (latitude), so a
 * CRS whose first axis points north is flipped on the way out and on the way in.
 *
 * <p>CRS84 is longitude, latitude: the stored CGCS2000 coordinates as they are (CGCS2000 and WGS 84
 * agree to a few centimetres, as PROJ's own transformation between them says). EPSG:4490 is
 * latitude, longitude. EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E) is "northing (X),
 * easting (Y)": northing first, and so is EPSG:4546 (CM 111E). EPSG:3857 is easting, northing.
 */
enum OgcCrs {
  CRS84("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4490, false, 9),
  CGCS2000("http://www.opengis.net/def/crs/EPSG/0/4490", 4490, true, 9),
  GAUSS_KRUGER_114E("http://www.opengis.net/def/crs/EPSG/0/4547", 4547, true, 3),
  /** The zone of 高明's west edge (CM 111E), as survey files there come. */
  GAUSS_KRUGER_111E("http://www.opengis.net/def/crs/EPSG/0/4546", 4546, true, 3),
  WEB_MERCATOR("http://www.opengis.net/def/crs/EPSG/0/3857", 3857, false, 3);

  /** Where the features are kept: CGCS2000 geographic. */
  static final OgcCrs STORAGE = CGCS2000;

  final String uri;
  final int srid;

  /** Whether the definition's first axis is northing/latitude (PostGIS's y). */
  final boolean northFirst;

  /** Decimal digits written: 9 for degrees (~0.1 mm), 3 for metres (1 mm). */
  final int decimals;

  OgcCrs(String uri, int srid, boolean northFirst, int decimals) {
    this.uri = uri;
    this.srid = srid;
    this.northFirst = northFirst;
    this.decimals = decimals;
  }

  static List<String> uris() {
    return Arrays.stream(values()).map(c -> c.uri).toList();
  }

  /** The CRS a parameter names (its URI), CRS84 when absent; anything else is a 400. */
  static OgcCrs of(String text, String parameter) {
    if (text == null) {
      return CRS84;
    }
    String uri = text.strip();
    // the safe-CURIE form [EPSG:4547] and the URI in angle brackets name the same CRS
    if (uri.startsWith("[") && uri.endsWith("]") && uri.length() < 40) {
      String curie = uri.substring(1, uri.length() - 1);
      uri =
          curie.startsWith("EPSG:")
              ? "http://www.opengis.net/def/crs/EPSG/0/" + curie.substring(5)
              : curie.equals("OGC:CRS84") ? CRS84.uri : uri;
    }
    for (OgcCrs crs : values()) {
      if (crs.uri.equals(uri) || crs.uri.replace("http://", "https://").equals(uri)) {
        return crs;
      }
    }
    throw ApiException.badRequest(
        "unsupported-crs",
        parameter
            + " must be one of "
            + String.join(", ", uris())
            + (text.length() > 200 ? "" : "; '" + text + "' is not supported"));
  }

  /**
   * The SQL of a stored geometry (EPSG:4490, x = longitude) in this CRS, axes in this CRS's order;
   * {@code column} is a column reference of ours, never input.
   */
  String fromStorage(String column) {
    String transformed = srid == 4490 ? column : "ST_Transform(" + column + ", " + srid + ")";
    return northFirst ? "ST_FlipCoordinates(" + transformed + ")" : transformed;
  }

  /**
   * The SQL turning a geometry in this CRS (its bound WKB as {@code parameter}, axes already in
   * PostGIS order) into a stored one.
   */
  String toStorage(String parameter) {
    String geometry = "ST_GeomFromWKB(" + parameter + ", " + srid + ")";
    return srid == 4490 ? geometry : "ST_Transform(" + geometry + ", 4490)";
  }

  /** Coordinates outside this range (in PostGIS axis order: x, y) are refused. */
  boolean accepts(double x, double y) {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      return false;
    }
    return switch (this) {
      case CRS84, CGCS2000 -> x >= -180 && x <= 180 && y >= -90 && y <= 90;
      // beyond a few thousand kilometres from its meridian a Gauss-Kruger zone means nothing
      case GAUSS_KRUGER_114E, GAUSS_KRUGER_111E -> x >= -5e6 && x <= 6e6 && y >= -1e7 && y <= 1e7;
      case WEB_MERCATOR -> Math.abs(x) <= 20037508.35 && Math.abs(y) <= 20048966.11;
    };
  }

  /** A person's words for the range {@link #accepts} allows. */
  String range() {
    return switch (this) {
      case CRS84 -> "longitude −180…180, latitude −90…90";
      case CGCS2000 -> "latitude −90…90, longitude −180…180 (latitude first)";
      case GAUSS_KRUGER_114E, GAUSS_KRUGER_111E ->
          "northing −10,000,000…10,000,000 m, easting −5,000,000…6,000,000 m";
      case WEB_MERCATOR -> "easting and northing within ±20,037,508 m";
    };
  }
}
