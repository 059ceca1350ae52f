package cn.foshan.redline.security;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.ReadRouting;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * In which scope the logged-in user reads enterprise- and parcel-level figures (issue 16, V39):
 * ALL, OWN_DISTRICT or NONE, the setting of their role. The database holds it (row-level security
 * on the figure tables); this class makes the API say it instead of answering quietly with less: an
 * endpoint that lists or aggregates figures asks {@link #district} for the district it must keep to
 * (and says so in its answer), or {@link #requireAll} when it can only answer for the whole city,
 * and NONE is a 403 everywhere. The scope is read where the request's other reads go (the primary,
 * or the replica the request reads), per request, so a change by the administrator holds from the
 * next request.
 */
@Component
public class FigureScope {

  /** A user's scope: ALL, OWN_DISTRICT (with their district and its name) or NONE. */
  public record Scope(String scope, String district, String districtName) {

    public boolean all() {
      return scope.equals("ALL");
    }

    public boolean none() {
      return scope.equals("NONE");
    }

    /** What an answer says of the scope: {"scope": …, "district": …, "districtName": …}. */
    public Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("scope", scope);
      if (district != null) {
        m.put("district", district);
        m.put("districtName", districtName);
      }
      return m;
    }
  }

  private final JdbcClient jdbc;

  FigureScope(ReadRouting reads) {
    this.jdbc = reads.mayLag();
  }

  /** The scope of the user the request acts for (NONE for nobody). */
  public Scope current() {
    return jdbc.sql(
            "SELECT figure_scope() AS scope, figures_district() AS district,"
                + " (SELECT d.name FROM district d WHERE d.code = figures_district()) AS name")
        .query(
            (rs, n) ->
                new Scope(
                    rs.getString("scope"),
                    rs.getString("district") == null ? null : rs.getString("district").strip(),
                    rs.getString("name")))
        .single();
  }

  /** The scope, or a 403 when the user reads no figures. */
  public Scope some() {
    return readsSome(current());
  }

  private static Scope readsSome(Scope s) {
    if (s.none()) {
      throw ApiException.forbidden(
          "你的角色不能查看企业和宗地的税收、亩均等数据（系统管理员的设置）；各区、镇街、集聚区的汇总数据仍可查看"
              + "（your role does not read enterprises' or parcels' figures, by the administrator's"
              + " setting; the totals of districts, towns and clusters remain readable）");
    }
    if (!s.all() && s.district() == null) {
      throw ApiException.forbidden(
          "你的角色只能查看本区的企业数据，但你的账号没有所属区（your role reads only its own district's"
              + " figures, and your account has no district）");
    }
    return s;
  }

  /**
   * The district a figure list or aggregate keeps to: the one asked for (null: all) when the user
   * reads every district's figures; their own when they read only their district's (asked for or
   * left out), a 403 when they ask for another district or read none.
   */
  public String district(Scope s, String requested) {
    if (s.all()) {
      return requested;
    }
    readsSome(s);
    if (requested != null && !requested.strip().equals(s.district())) {
      throw ApiException.forbidden(
          "你的角色只能查看本区（"
              + s.districtName()
              + "）的企业数据，不能查看其他区的（your role reads only its own district's figures, "
              + s.districtName()
              + " "
              + s.district()
              + "）");
    }
    return s.district();
  }

  /** A 403 unless the user reads every district's figures: for answers about the whole city. */
  public void requireAll(Scope s, String what) {
    if (!s.all()) {
      readsSome(s);
      throw ApiException.forbidden(
          "你的角色只能查看本区（"
              + s.districtName()
              + "）的企业数据，"
              + what
              + "涉及全市的企业，不能提供；请按本区查询（your role reads only its own district's figures,"
              + " and this answer would cover the whole city）");
    }
  }
}
