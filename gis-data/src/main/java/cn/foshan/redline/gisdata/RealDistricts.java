package cn.foshan.redline.gisdata;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/**
 * Foshan's five real districts: boundaries from {@code districts/foshan-districts.raw.geojson}
 * (invalid rings as published, repaired here with {@code ST_MakeValid}), names and red-line
 * minimums from {@code districts.tsv}. Real reference data, loaded whether or not a demo city is.
 */
public final class RealDistricts {

  private RealDistricts() {}

  /** Inserts the five districts; returns how many. */
  public static int load(Connection c) throws SQLException, IOException {
    String geojson;
    try (InputStream in = Tsv.open("districts/foshan-districts.raw.geojson")) {
      geojson = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int n = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO district (code, name, name_en, red_line_minimum_km2, official_area_km2, geom)"
                + " SELECT ?, ?, ?, ?, ?, ST_Multi(ST_CollectionExtract(ST_MakeValid("
                + "   ST_SetSRID(ST_GeomFromGeoJSON(f -> 'geometry'), 4490)), 3))"
                + " FROM json_array_elements(?::json -> 'features') f WHERE f ->> 'id' = ?")) {
      for (Map<String, String> row : Tsv.read("districts.tsv")) {
        ps.setString(1, row.get("code"));
        ps.setString(2, row.get("name"));
        ps.setString(3, row.get("name_en"));
        ps.setBigDecimal(4, new BigDecimal(row.get("red_line_minimum_km2")));
        ps.setBigDecimal(5, new BigDecimal(row.get("official_area_km2")));
        ps.setString(6, geojson);
        ps.setString(7, row.get("code"));
        if (ps.executeUpdate() != 1) {
          throw new IllegalStateException(
              "district " + row.get("code") + " is not in the boundary file");
        }
        n++;
      }
    }
    return n;
  }
}
