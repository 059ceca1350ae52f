package cn.foshan.redline.gisdata;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.io.WKBWriter;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Streams rows into one table with PostgreSQL's COPY (text format): the bulk path, no row-by-row
 * INSERT. Geometries go as hex EWKB in EPSG:4490, converted from the metric {@link Frame}.
 */
final class CopyWriter implements AutoCloseable {

  private final OutputStream out;
  private final StringBuilder row = new StringBuilder(512);
  private final WKBWriter wkb = new WKBWriter(2, true);
  private boolean first = true;
  private long rows;

  CopyWriter(Connection connection, String table, String columns) throws SQLException {
    PGConnection pg = connection.unwrap(PGConnection.class);
    this.out =
        new PGCopyOutputStream(
            pg, "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT text)", 1 << 20);
  }

  CopyWriter text(String value) {
    sep();
    if (value == null) {
      row.append("\\N");
      return this;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> row.append("\\\\");
        case '\t' -> row.append("\\t");
        case '\n' -> row.append("\\n");
        case '\r' -> row.append("\\r");
        default -> row.append(c);
      }
    }
    return this;
  }

  CopyWriter integer(long value) {
    sep();
    row.append(value);
    return this;
  }

  CopyWriter integer(Integer value) {
    return value == null ? text(null) : integer(value.longValue());
  }

  /** A decimal with a fixed number of places, written without exponent. */
  CopyWriter decimal(double value, int places) {
    sep();
    long scale = 1;
    for (int i = 0; i < places; i++) {
      scale *= 10;
    }
    long scaled = Math.round(value * scale);
    if (scaled < 0) {
      row.append('-');
      scaled = -scaled;
    }
    row.append(scaled / scale);
    if (places > 0) {
      row.append('.');
      String fraction = Long.toString(scaled % scale);
      for (int i = fraction.length(); i < places; i++) {
        row.append('0');
      }
      row.append(fraction);
    }
    return this;
  }

  CopyWriter decimal(Double value, int places) {
    return value == null ? text(null) : decimal(value.doubleValue(), places);
  }

  CopyWriter bool(boolean value) {
    sep();
    row.append(value ? 't' : 'f');
    return this;
  }

  CopyWriter date(LocalDate value) {
    return text(value == null ? null : value.toString());
  }

  /** A polygonal geometry in the metric frame, stored as MultiPolygon in EPSG:4490. */
  CopyWriter geometry(Geometry metres) {
    return lonLat(Frame.toDegrees(metres));
  }

  /** A polygonal geometry already in longitude/latitude, stored as MultiPolygon in EPSG:4490. */
  CopyWriter lonLat(Geometry lonLat) {
    if (lonLat instanceof Polygon p) {
      lonLat = Shapes.multi(p);
    }
    if (!lonLat.isValid()) {
      lonLat = Shapes.polygonal(GeometryFixer.fix(lonLat), 0);
    }
    if (!(lonLat instanceof MultiPolygon) || lonLat.isEmpty()) {
      throw new IllegalArgumentException("not a polygon: " + lonLat);
    }
    lonLat.setSRID(4490);
    sep();
    row.append(WKBWriter.toHex(wkb.write(lonLat)));
    return this;
  }

  CopyWriter textArray(Iterable<String> values) {
    StringBuilder array = new StringBuilder("{");
    for (String v : values) {
      if (array.length() > 1) {
        array.append(',');
      }
      array.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return text(array.append('}').toString());
  }

  void end() {
    row.append('\n');
    try {
      out.write(row.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
    }
    row.setLength(0);
    first = true;
    rows++;
  }

  long rows() {
    return rows;
  }

  private void sep() {
    if (!first) {
      row.append('\t');
    }
    first = false;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
