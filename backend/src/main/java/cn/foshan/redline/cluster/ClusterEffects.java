package cn.foshan.redline.cluster;

import cn.foshan.redline.editing.ChangeSetEffects;
import cn.foshan.redline.system.SqlFiles;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The clusters a change set touches, in the preview of a map edit when the caller includes them (a
 * bulk change set's preview keeps to sums, without them).
 */
@Component
@Order(3)
class ClusterEffects implements ChangeSetEffects {

  private final JdbcClient jdbc;
  private final String affectedSql = SqlFiles.load("cluster/select_affected_clusters.sql");

  ClusterEffects(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A cluster as a preview names it. */
  record Touched(long id, String code, String name, String nameEn) {}

  /**
   * Asked for by name ({@code include=clusters}): the map's preview shows the clusters; a commit's
   * answer does not need them (one query of the change set's shapes against the clusters less).
   */
  @Override
  public String includedAs() {
    return "clusters";
  }

  @Override
  public Map<String, Object> none() {
    return Map.of("clusters", List.of());
  }

  @Override
  public After before(long changeSet, Detail detail) {
    return detail == Detail.FEATURES ? cs -> Map.of("clusters", touched(cs)) : cs -> Map.of();
  }

  private List<Touched> touched(long cs) {
    return jdbc.sql(affectedSql)
        .param("cs", cs)
        .query(
            (rs, n) ->
                new Touched(
                    rs.getLong("id"),
                    rs.getString("code"),
                    rs.getString("name"),
                    rs.getString("name_en")))
        .list();
  }
}
