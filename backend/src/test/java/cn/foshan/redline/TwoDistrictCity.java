package cn.foshan.redline;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A hand-made city of two districts for tests that need figures on both sides of a district line:
 * 禅城 (440604, x from 112.0°E) and 南海 (440605, x from 112.5°E), each a 0.45° × 1.5° box, with
 * parcels (0.01° × 0.01° boxes at 22.1°N), enterprises and who uses which parcel, written as the
 * schema's owner. Rows are named by code (P1, E1); `parcel("P1")` and `enterprise("E1")` give their
 * ids, read from the database, so a test class may keep the city between its methods.
 */
public final class TwoDistrictCity {

  private final JdbcClient jdbc;
  private final String creditCodePrefix;
  private final String namePrefix;

  /**
   * Enterprises get the credit code {@code creditCodePrefix + name} (18 characters in all) and the
   * name {@code namePrefix + name}.
   */
  public TwoDistrictCity(JdbcClient jdbc, String creditCodePrefix, String namePrefix) {
    this.jdbc = jdbc;
    this.creditCodePrefix = creditCodePrefix;
    this.namePrefix = namePrefix;
  }

  /**
   * Empties the city (districts, change sets, accounts and all that hangs on them) and makes the
   * two districts (no red-line minimum) and the committed change set every row refers to (id 1).
   */
  public void build() {
    jdbc.sql("TRUNCATE district, change_set, app_user RESTART IDENTITY CASCADE").update();
    jdbc.sql(
            "INSERT INTO change_set (author, reason, status, committed_at)"
                + " VALUES ('test', 'hand-made city', 'COMMITTED', now())")
        .update();
    String[][] districts = {
      {"440604", "禅城区", "Chancheng", "112.0"}, {"440605", "南海区", "Nanhai", "112.5"}
    };
    for (String[] d : districts) {
      jdbc.sql(
              "INSERT INTO district (code, name, name_en, red_line_minimum_km2, geom) VALUES"
                  + " (:code, :name, :en, 0, ST_Multi(ST_MakeEnvelope(:x, 22.0, :x + 0.45, 23.5,"
                  + " 4490)))")
          .param("code", d[0])
          .param("name", d[1])
          .param("en", d[2])
          .param("x", Double.parseDouble(d[3]))
          .update();
    }
  }

  /** An industrial parcel granted in 2018: the box from (x, 22.1) to (x + 0.01, 22.11). */
  public long addParcel(String code, String district, double x) {
    return jdbc.sql(
            "INSERT INTO parcel (code, district_code, land_use, grant_type, granted_on, geom,"
                + " change_set_id) VALUES (:code, :d, '0601', 'GRANT', '2018-01-01',"
                + " ST_Multi(ST_MakeEnvelope(:x, 22.1, :x + 0.01, 22.11, 4490)), 1) RETURNING id")
        .param("code", code)
        .param("d", district)
        .param("x", x)
        .query(Long.class)
        .single();
  }

  /** An enterprise of industry 34, founded in 2010, registered in `district`. */
  public long addEnterprise(String name, String district) {
    return jdbc.sql(
            "INSERT INTO enterprise (credit_code, name, industry_code, district_code, founded_on)"
                + " VALUES (:cc, :name, '34', :d, '2010-01-01') RETURNING id")
        .param("cc", creditCodePrefix + name)
        .param("name", namePrefix + name)
        .param("d", district)
        .query(Long.class)
        .single();
  }

  /** The enterprise uses `share` of the parcel's floor area since 2015. */
  public void link(String parcel, String enterprise, double share) {
    jdbc.sql(
            "INSERT INTO parcel_enterprise (parcel_id, enterprise_id, floor_area_share, since)"
                + " VALUES (:p, :e, :s, '2015-01-01')")
        .param("p", parcel(parcel))
        .param("e", enterprise(enterprise))
        .param("s", share)
        .update();
  }

  /** The id of the parcel with this code. */
  public long parcel(String code) {
    return jdbc.sql("SELECT id FROM parcel WHERE code = :c")
        .param("c", code)
        .query(Long.class)
        .single();
  }

  /** The id of the enterprise made under this name. */
  public long enterprise(String name) {
    return jdbc.sql("SELECT id FROM enterprise WHERE credit_code = :cc")
        .param("cc", creditCodePrefix + name)
        .query(Long.class)
        .single();
  }
}
