package cn.foshan.redline.editing;

import cn.foshan.redline.maps.LayerField;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.IfMatch;
import cn.foshan.redline.system.SqlTemplate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Features someone else changed since an edit of them was made, told as people name them — the
 * layer's name, the feature's code and district (工业用地红线 RL440604-0011（禅城区）) — with who changed them
 * since, when and why (their history), Chinese first: the 412 of a save to the draft, a submission
 * or a commit. A save is checked against the feature's version at once, so that a stale edit is
 * caught when it is made, not only at commit.
 */
@Component
class StaleFeatures {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  private final JdbcClient jdbc;
  private final EditableLayers layers;
  private final SqlTemplate select =
      SqlTemplate.load("editing/select_stale_feature.sql", "table", "district");
  private final SqlTemplate current =
      SqlTemplate.load("editing/select_current_version.sql", "table");

  StaleFeatures(JdbcClient jdbc, EditableLayers layers) {
    this.jdbc = jdbc;
    this.layers = layers;
  }

  /** A change set that wrote a later version of the feature (UPDATE) or deleted it (DELETE). */
  record Change(
      int version,
      String kind,
      long changeSetId,
      String author,
      String authorName,
      OffsetDateTime committedAt,
      String reason,
      String documentNumber) {}

  /** One stale feature: what the edit had and what it is now, named, with the changes since. */
  record Stale(
      String layer,
      long featureId,
      int baseVersion,
      Integer currentVersion,
      String layerName,
      String code,
      String district,
      List<Change> changes,
      String text) {}

  /**
   * Refuses (412) an update or deletion whose base version is not the feature's version now; the
   * layer is known (an unknown one was refused before).
   */
  void requireCurrent(String layerId, Long featureId, Integer baseVersion) {
    if (featureId == null || baseVersion == null) {
      return;
    }
    EditableLayer layer = layers.get(layerId);
    Integer now =
        jdbc.sql(current.identifier("table", layer.table()).sql())
            .param("id", featureId)
            .query(Integer.class)
            .optional()
            .orElse(null);
    if (now == null || now.intValue() != baseVersion) {
      throw problem(List.of(new EditApplier.Stale(layerId, featureId, baseVersion, now)));
    }
  }

  /** One feature's change since a version, as a sentence (Chinese). */
  String sentence(String layer, long featureId, int baseVersion, Integer currentVersion) {
    return describe(new EditApplier.Stale(layer, featureId, baseVersion, currentVersion)).text();
  }

  /**
   * Runs a commit, submission or approval; a 412 of theirs (the stale features as records) is told
   * with the features' names and who changed them since, when and why.
   */
  <T> T told(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      if (e.slug().equals("stale-version")
          && e.properties().get("stale") instanceof List<?> list
          && !list.isEmpty()
          && list.stream().allMatch(EditApplier.Stale.class::isInstance)) {
        throw problem(list.stream().map(EditApplier.Stale.class::cast).toList());
      }
      throw e;
    }
  }

  /** The 412 problem for these features (the first 20 described). */
  ApiException problem(List<EditApplier.Stale> stale) {
    List<Stale> described = new ArrayList<>();
    for (EditApplier.Stale s : stale.subList(0, Math.min(stale.size(), 20))) {
      described.add(describe(s));
    }
    String text = described.stream().map(Stale::text).collect(Collectors.joining("；"));
    String more = stale.size() > 20 ? "；另有 " + (stale.size() - 20) + " 个" : "";
    return IfMatch.stale(
        text
            + more
            + "。请重新加载要素后重做修改（changed by someone else since you edited it: reload the"
            + " feature, then redo your edit）",
        Map.of("stale", described));
  }

  private Stale describe(EditApplier.Stale s) {
    EditableLayer layer = layers.get(s.layer());
    boolean hasDistrict =
        layer.fields().stream().map(LayerField::column).anyMatch("district_code"::equals);
    List<Map<String, Object>> rows =
        jdbc.sql(
                select
                    .fill()
                    .identifier("table", layer.table())
                    .sql("district", hasDistrict ? "t.district_code" : "NULL::text")
                    .sql())
            .param("layer", layer.id())
            .param("id", s.featureId())
            .param("base", s.baseVersion())
            .query()
            .listOfRows();
    String code = rows.isEmpty() ? null : (String) rows.get(0).get("code");
    String district = rows.isEmpty() ? null : (String) rows.get(0).get("district");
    List<Change> changes = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      if (r.get("change_set_id") == null) {
        continue;
      }
      changes.add(
          new Change(
              ((Number) r.get("version")).intValue(),
              (String) r.get("kind"),
              ((Number) r.get("change_set_id")).longValue(),
              (String) r.get("author"),
              (String) r.get("display_name"),
              r.get("committed_at") == null
                  ? null
                  : ((java.sql.Timestamp) r.get("committed_at"))
                      .toInstant()
                      .atOffset(java.time.ZoneOffset.UTC),
              (String) r.get("reason"),
              (String) r.get("document_number")));
    }
    String name =
        layer.name()
            + " "
            + (code == null ? "#" + s.featureId() : code)
            + (district == null ? "" : "（" + district + "）");
    StringBuilder text = new StringBuilder(name);
    if (changes.isEmpty()) {
      text.append(
          s.currentVersion() == null
              ? " 已不存在"
              : " 已从第 " + s.baseVersion() + " 版变为第 " + s.currentVersion() + " 版");
    } else {
      Change last = changes.get(0);
      text.append(" 已于 ")
          .append(last.committedAt() == null ? "—" : WHEN.format(last.committedAt()))
          .append(" 由 ")
          .append(
              last.authorName() == null || last.authorName().equals(last.author())
                  ? last.author()
                  : last.authorName() + "（" + last.author() + "）")
          .append(last.kind().equals("DELETE") ? " 删除" : " 修改为第 " + last.version() + " 版")
          .append("，原因：")
          .append(last.reason());
      if (last.documentNumber() != null) {
        text.append("，文号 ").append(last.documentNumber());
      }
      text.append("（变更集 #").append(last.changeSetId()).append("）");
      if (changes.size() > 1) {
        text.append("，此前另有 ").append(changes.size() - 1).append(" 次修改");
      }
    }
    text.append("，你编辑的是第 ").append(s.baseVersion()).append(" 版");
    return new Stale(
        s.layer(),
        s.featureId(),
        s.baseVersion(),
        s.currentVersion(),
        layer.name(),
        code,
        district,
        changes,
        text.toString());
  }
}
