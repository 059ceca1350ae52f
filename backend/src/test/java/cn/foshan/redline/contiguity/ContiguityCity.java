package cn.foshan.redline.contiguity;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The hand-drawn city of the contiguity tests, written as the schema's owner. Shapes are drawn in
 * metres on CGCS2000 Gauss-Krüger CM 114°E (EPSG:4547) around 113°E 23°N and stored in CGCS2000
 * degrees; x, y are metres east and north of that point.
 *
 * <pre>
 *   南海 440605 (red-line minimum 1 km²) and 顺德 440606 (0), no red line in 顺德
 *   K1 [-100, 1600] × [-100, 1000], K2 [-100, 600] × [1900, 2300]
 *   A  [0, 900] × [0, 900]        810,000 m² = 1,215 mu   }  B touches A: one patch of 1,620 mu
 *   B  [900, 1200] × [0, 900]     270,000 m² =   405 mu   }
 *   C  [1210, 1510] × [0, 300]     90,000 m² =   135 mu      10 m east of B: a patch of its own
 *   D  one feature of two parts, [0, 200] and [250, 450] × [2000, 2200], 40,000 m² = 60 mu each,
 *      50 m apart: two patches
 * </pre>
 *
 * A, B, C in K1, D in K2, all in 南海, drawn on 1 June 2024. The history starts with change set 1,
 * committed at the start of 2024 (Foshan time); change set 2 ("move C") is committed now. With the
 * gap of 5 m: 4 patches of 5 pieces in 南海; with 15 m (C joins A and B) 3.
 */
final class ContiguityCity {

  private final JdbcClient jdbc;

  ContiguityCity(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The city above, on an emptied schema. */
  void build() {
    jdbc.sql("TRUNCATE district, change_set, feature_history RESTART IDENTITY CASCADE").update();
    jdbc.sql(
            "INSERT INTO change_set (author, reason, committed_at) VALUES"
                + " ('test', 'test', '2024-01-01T00:00+08'), ('test', 'move C', now())")
        .update();
    // minimums of 1 km² and 0: the quota rule lets the test city's 1.25 km² of red line change
    jdbc.sql("UPDATE city SET red_line_minimum_km2 = 0").update();
    jdbc.sql(
            "INSERT INTO district (code, name, name_en, red_line_minimum_km2, geom) VALUES"
                + " ('440605', '南海区', 'Nanhai', 1, ST_Multi(ST_MakeEnvelope(112.9, 22.9, 113.2, 23.2, 4490))),"
                + " ('440606', '顺德区', 'Shunde', 0, ST_Multi(ST_MakeEnvelope(113.2, 22.9, 113.5, 23.2, 4490)))")
        .update();
    cluster("K1", -100, -100, 1600, 1000);
    cluster("K2", -100, 1900, 600, 2300);
    redLine("A", "K1", rectangle(0, 0, 900, 900), "2024-06-01T00:00+08");
    redLine("B", "K1", rectangle(900, 0, 1200, 900), "2024-06-01T00:00+08");
    redLine("C", "K1", rectangle(1210, 0, 1510, 300), "2024-06-01T00:00+08");
    String d1 = rectangle(0, 2000, 200, 2200).replace("POLYGON", "");
    String d2 = rectangle(250, 2000, 450, 2200).replace("POLYGON", "");
    redLine("D", "K2", "MULTIPOLYGON(" + d1 + "," + d2 + ")", "2024-06-01T00:00+08");
  }

  private void cluster(String code, double x0, double y0, double x1, double y1) {
    jdbc.sql(
            "INSERT INTO industrial_cluster (code, name, name_en, geom, change_set_id) VALUES"
                + " (:code, :code || '集聚区', :code, ST_Multi(ST_GeomFromText(:wkt, 4490)), 1)")
        .param("code", code)
        .param("wkt", rectangle(x0, y0, x1, y1))
        .update();
  }

  /** A rectangle x0..x1 × y0..y1 metres from 113°E 23°N (4547), in CGCS2000 degrees (WKT). */
  String rectangle(double x0, double y0, double x1, double y1) {
    return jdbc.sql(
            "WITH o AS (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(113.0, 23.0), 4490), 4547) AS p)"
                + " SELECT ST_AsText(ST_Transform(ST_MakeEnvelope(ST_X(p) + :x0, ST_Y(p) + :y0,"
                + " ST_X(p) + :x1, ST_Y(p) + :y1, 4547), 4490), 12) FROM o")
        .param("x0", x0)
        .param("y0", y0)
        .param("x1", x1)
        .param("y1", y1)
        .query(String.class)
        .single();
  }

  /** The same rectangle as EWKT of a multipolygon. */
  String multi(double x0, double y0, double x1, double y1) {
    return "SRID=4490;" + rectangle(x0, y0, x1, y1).replace("POLYGON", "MULTIPOLYGON(") + ")";
  }

  /**
   * A red-line polygon in 南海, in the cluster named, written by change set 1 at {@code updatedAt}
   * (as an import of a history may date it).
   */
  void redLine(String code, String cluster, String wkt, String updatedAt) {
    jdbc.sql(
            "INSERT INTO red_line (code, district_code, cluster_id, designated_on, geom,"
                + " change_set_id, updated_at) VALUES (:code, '440605', (SELECT id FROM"
                + " industrial_cluster WHERE code = :cluster), '2024-06-01',"
                + " ST_Multi(ST_GeomFromText(:wkt, 4490)), 1, CAST(:at AS timestamptz))")
        .param("code", code)
        .param("cluster", cluster)
        .param("wkt", wkt)
        .param("at", updatedAt)
        .update();
  }
}
