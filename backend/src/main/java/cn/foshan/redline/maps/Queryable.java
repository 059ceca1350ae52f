package cn.foshan.redline.maps;

import java.util.List;
import java.util.Set;

/**
 * A property of a layer's features that filters may name (OGC API – Features Part 3 queryables):
 * its name as the GeoJSON properties spell it, a title for people, its type, and the SQL expression
 * over the layer's features relation {@code f} that holds it — a column of the relation, not a
 * value pulled out of the properties text, so that PostgreSQL can push a condition down to the
 * layer's table and its indexes.
 *
 * @param name the property's name in the GeoJSON (camelCase)
 * @param title what it is, Chinese and English
 * @param type its type; values compared with it are bound as {@link Type#sqlType}
 * @param sql the expression over {@code f}, e.g. {@code f.district_code}
 */
public record Queryable(String name, String title, Type type, String sql) {

  /** The name every layer's geometry goes by. */
  public static final String GEOMETRY = "geometry";

  /**
   * Types of queryables, each with the SQL type values are bound as and its JSON Schema (type,
   * format).
   */
  public enum Type {
    /** Text. */
    TEXT("text", "string", null),
    /** A fixed-width code ({@code char(n)}: district and town codes). */
    CODE("bpchar", "string", null),
    INTEGER("bigint", "integer", null),
    /** A decimal number ({@code numeric}). */
    NUMBER("numeric", "number", null),
    BOOLEAN("boolean", "boolean", null),
    DATE("date", "string", "date"),
    TIMESTAMP("timestamptz", "string", "date-time"),
    /** The layer's (multi)polygons, EPSG:4490. */
    GEOMETRY("geometry", null, "geometry-multipolygon");

    /** The SQL type bound values are cast to: one of a fixed few, never from a request. */
    public final String sqlType;

    public final String jsonType;
    public final String format;

    Type(String sqlType, String jsonType, String format) {
      this.sqlType = sqlType;
      this.jsonType = jsonType;
      this.format = format;
    }

    public boolean numeric() {
      return this == INTEGER || this == NUMBER;
    }

    public boolean textual() {
      return this == TEXT || this == CODE;
    }

    public boolean temporal() {
      return this == DATE || this == TIMESTAMP;
    }
  }

  private static final Set<String> RESERVED = Set.of("id", "type", "bbox");

  public Queryable {
    if (!name.matches("[a-zA-Z][a-zA-Z0-9]{0,62}") || RESERVED.contains(name)) {
      throw new IllegalArgumentException("not a queryable name: " + name);
    }
    if (!sql.matches("f\\.[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("a queryable is a column of f: " + sql);
    }
  }

  public static Queryable of(String name, String title, Type type, String column) {
    return new Queryable(name, title, type, "f." + column);
  }

  /** The layer's geometry ({@code f.geom}). */
  public static Queryable geometry() {
    return new Queryable(GEOMETRY, "几何 geometry (EPSG:4490)", Type.GEOMETRY, "f.geom");
  }

  /** The district a feature lies in, by its code ({@code f.district_code}). */
  public static Queryable district() {
    return of("district", "区 district code", Type.CODE, "district_code");
  }

  /** The town a feature lies in, by its code ({@code f.town_code}). */
  public static Queryable town() {
    return of("town", "镇街 town code", Type.CODE, "town_code");
  }

  /** A feature's area in mu ({@code f.area_mu}). */
  public static Queryable areaMu() {
    return of("areaMu", "面积 area, mu (ellipsoidal)", Type.NUMBER, "area_mu");
  }

  /** A feature's version ({@code f.version}). */
  public static Queryable version() {
    return of("version", "版本 version", Type.INTEGER, "version");
  }

  /** When a feature was last changed ({@code f.updated_at}). */
  public static Queryable updatedAt() {
    return of("updatedAt", "更新时间 updated at", Type.TIMESTAMP, "updated_at");
  }

  /** The geometry and these. */
  public static List<Queryable> withGeometry(Queryable... others) {
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of(geometry()), java.util.Arrays.stream(others))
        .toList();
  }
}
