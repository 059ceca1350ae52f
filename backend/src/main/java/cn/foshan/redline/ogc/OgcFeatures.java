package cn.foshan.redline.ogc;

import cn.foshan.redline.maps.FeatureSource;
import cn.foshan.redline.system.ReadRouting;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.locationtech.jts.geom.Geometry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The features of a layer as GeoJSON texts made by PostGIS, streamed row by row from a cursor (a
 * page of 10,000 parcels never sits in memory), and one feature by its key.
 */
@Component
class OgcFeatures {

  /** Rows fetched from the cursor at a time. */
  private static final int FETCH = 500;

  private final NamedParameterJdbcTemplate jdbc;
  private final TransactionTemplate readOnly;
  private final SqlTemplate items =
      SqlTemplate.load(
          "ogc/select_items.sql",
          "features",
          "geometry",
          "decimals",
          "properties",
          "bbox",
          "after",
          "filter");
  private final SqlTemplate bboxFilter = SqlTemplate.load("ogc/bbox_filter.sql", "box");
  private final SqlTemplate afterFilter = SqlTemplate.load("ogc/after_filter.sql", "key");
  private final SqlTemplate yearFromFilter = SqlTemplate.load("ogc/year_from_filter.sql", "column");
  private final SqlTemplate yearToFilter = SqlTemplate.load("ogc/year_to_filter.sql", "column");
  private final String someProperties = SqlFiles.load("ogc/select_properties.sql").strip();
  private final SqlTemplate item =
      SqlTemplate.load("ogc/select_item.sql", "features", "geometry", "decimals", "key");
  private final SqlTemplate propertyNamesSql =
      SqlTemplate.load("ogc/select_property_names.sql", "features");
  private final String extentSql = SqlFiles.load("ogc/select_extent.sql");

  /** Every property of a feature, as the properties slot of select_items.sql takes it. */
  private static final String ALL_PROPERTIES = "f.properties::json";

  OgcFeatures(ReadRouting reads) {
    // reads that may lag: a replica when one is fit (system/ReadRouting)
    JdbcTemplate cursor = new JdbcTemplate(reads.mayLagDataSource());
    cursor.setFetchSize(FETCH);
    this.jdbc = new NamedParameterJdbcTemplate(cursor);
    this.readOnly = new TransactionTemplate(reads.mayLagTransactions());
    this.readOnly.setReadOnly(true);
  }

  /**
   * What a request selects from a layer and how: the features meeting a box (WKB in PostGIS axis
   * order, in {@code bboxCrs}; null for none), after a key (null for none), meeting a filter (null
   * for none), of a time (null for now; see {@link OgcTime}), with only the named properties (null
   * for all), their geometry in {@code crs}.
   */
  record Selection(
      OgcCrs crs,
      Geometry bbox,
      OgcCrs bboxCrs,
      String after,
      Condition filter,
      OgcTime time,
      List<String> properties) {

    static Selection everything() {
      return new Selection(OgcCrs.CRS84, null, OgcCrs.CRS84, null, null, null, null);
    }
  }

  /** A condition on the features relation {@code f}: SQL of ours and its bound values. */
  record Condition(String sql, Map<String, Object> parameters) {}

  /**
   * Hands the features of a page (GeoJSON texts as UTF-8 bytes), in key order, to each as they come
   * from the database: those the selection keeps, skipping {@code offset}; returns how many there
   * were, whether more follow and the last one's key.
   */
  Page page(
      FeatureSource layer, Selection selection, int limit, long offset, Consumer<byte[]> each) {
    MapSqlParameterSource params =
        new MapSqlParameterSource()
            .addValue("limit", limit + 1)
            .addValue("offset", offset)
            .addValue("after", selection.after());
    String features = layer.featuresSql();
    StringBuilder conditions =
        new StringBuilder(selection.filter() == null ? "" : "AND " + selection.filter().sql());
    OgcTime time = selection.time();
    if (time != null && layer.featuresOverTimeSql() != null) {
      // the features as they were: the relation of that time
      features = layer.featuresOverTimeSql();
      params.addValue("time_from", time.fromSql()).addValue("time_to", time.toSql());
    } else if (time != null && layer.yearColumn() != null) {
      // features of one year each: the years the time meets
      if (time.fromYear() != null) {
        conditions
            .append(' ')
            .append(yearFromFilter.identifier("column", layer.yearColumn()).sql().strip());
        params.addValue("time_year_from", time.fromYear());
      }
      if (time.toYear() != null) {
        conditions
            .append(' ')
            .append(yearToFilter.identifier("column", layer.yearColumn()).sql().strip());
        params.addValue("time_year_to", time.toYear());
      }
    } // any other source has no time: every feature meets any datetime
    String query =
        geometry(items.fill(), selection.crs())
            .sql("features", features)
            .sql(
                "bbox",
                selection.bbox() == null
                    ? ""
                    : bboxFilter.sql("box", selection.bboxCrs().toStorage(":bbox")).sql().strip())
            .sql(
                "after",
                selection.after() == null
                    ? ""
                    : afterFilter.identifier("key", key(layer)).sql().strip())
            .sql("filter", conditions.toString())
            .sql("properties", selection.properties() == null ? ALL_PROPERTIES : someProperties)
            .sql();
    if (selection.bbox() != null) {
      params.addValue("bbox", OgcGeometries.wkb(selection.bbox()));
    }
    if (selection.filter() != null) {
      params.addValues(selection.filter().parameters());
    }
    if (selection.properties() != null) {
      params.addValue("properties", selection.properties().toArray(new String[0]));
    }
    int[] written = {0};
    boolean[] more = {false};
    String[] last = {null};
    readOnly.executeWithoutResult(
        status ->
            jdbc.query(
                query,
                params,
                rs -> {
                  if (written[0] == limit) {
                    more[0] = true;
                    return;
                  }
                  // the text's bytes as the driver received them (UTF-8): no String between
                  each.accept(rs.getBytes(1));
                  last[0] = rs.getString(2);
                  written[0]++;
                }));
    // the features served, for the audit log (reads of enterprises' figures)
    cn.foshan.redline.system.ServedRows.add(written[0]);
    return new Page(written[0], more[0], last[0]);
  }

  record Page(int returned, boolean more, String lastKey) {}

  /** The feature with this key as GeoJSON text (geometry in {@code crs}), or null when none. */
  String feature(FeatureSource layer, String id, OgcCrs crs) {
    Object key = id;
    if (!layer.textIds()) {
      key = cn.foshan.redline.system.StrictNumbers.wholeNumber(id);
      if (key == null) {
        return null;
      }
    }
    String query =
        geometry(item.fill(), crs)
            .sql("features", layer.featuresSql())
            .identifier("key", key(layer))
            .sql();
    List<String> found =
        jdbc.queryForList(query, new MapSqlParameterSource("id", key), String.class);
    return found.isEmpty() ? null : found.get(0);
  }

  private final Map<String, Set<String>> propertyNames = new ConcurrentHashMap<>();

  /**
   * The names of the layer's properties (the keys its features relation writes for every feature,
   * learned from one feature); null while the layer has none.
   */
  Set<String> propertyNames(FeatureSource layer) {
    Set<String> known = propertyNames.get(layer.id());
    if (known != null) {
      return known;
    }
    List<String> keys =
        jdbc.queryForList(
            propertyNamesSql.sql("features", layer.featuresSql()).sql(), Map.of(), String.class);
    if (keys.isEmpty()) {
      return null;
    }
    Set<String> names = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(keys));
    propertyNames.put(layer.id(), names);
    return names;
  }

  /** The statement with its geometry in this CRS, to its precision. */
  private static SqlTemplate.Fill geometry(SqlTemplate.Fill statement, OgcCrs crs) {
    return statement
        .sql("geometry", crs.fromStorage("f.geom"))
        .sql("decimals", Integer.toString(crs.decimals));
  }

  /** The SQL type of the layer's keys, which a key from a request is cast to. */
  private static String key(FeatureSource layer) {
    return layer.textIds() ? "text" : "bigint";
  }

  /**
   * The start and end of a source's time (each null when open or unknown), or null when its
   * features have no time.
   */
  java.time.OffsetDateTime[] temporalExtent(FeatureSource layer) {
    if (layer.temporalExtentSql() == null) {
      return null;
    }
    return jdbc.query(
        layer.temporalExtentSql(),
        Map.of(),
        rs -> {
          rs.next();
          return new java.time.OffsetDateTime[] {
            rs.getObject(1, java.time.OffsetDateTime.class),
            rs.getObject(2, java.time.OffsetDateTime.class)
          };
        });
  }

  /**
   * The city's bounding box, widened to whole millionths of a degree (10 cm): it holds every
   * coordinate as served, rounded to 9 decimals (/req/core/fc-md-extent).
   */
  double[] extent() {
    return jdbc.query(
        extentSql,
        Map.of(),
        rs -> {
          rs.next();
          return new double[] {
            Math.floor(rs.getDouble(1) * 1e6) / 1e6,
            Math.floor(rs.getDouble(2) * 1e6) / 1e6,
            Math.ceil(rs.getDouble(3) * 1e6) / 1e6,
            Math.ceil(rs.getDouble(4) * 1e6) / 1e6
          };
        });
  }

  /**
   * A response body written from inside database callbacks (which cannot throw IOException): a
   * client that went away ends it as the IOException it is, which {@code system.StreamedResponses}
   * treats as such, not as a failure of ours.
   */
  static org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody streamed(
      org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody body) {
    return out -> {
      // 64 KB a write: a page of 1,000 parcels (~1.2 MB) in ~20 writes, not one per feature
      java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16);
      try {
        body.writeTo(buffered);
        buffered.flush();
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    };
  }

  static void write(OutputStream out, byte[] bytes) {
    try {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(OutputStream out, String text) {
    try {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
