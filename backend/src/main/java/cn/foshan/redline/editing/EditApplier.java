package cn.foshan.redline.editing;

import cn.foshan.redline.maps.LayerField;
import cn.foshan.redline.system.RawJson;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Applies the edits of a change set to the layer tables, inside the caller's transaction, and
 * reports what they did: the features before and after, what the capabilities say of them ({@link
 * ChangeSetEffects}: the red line and ready reserve before and after, the clusters touched), and,
 * for a preview, what the rules say (check_change_set, the same function the database runs at
 * commit, where its verdict is the one that counts). Features are locked in a fixed order first
 * (and read as they were by the same statement), and a feature whose version moved on since the
 * edit was made is reported stale instead.
 */
@Component
class EditApplier {

  private final JdbcClient jdbc;
  private final ObjectMapper json;
  private final List<ChangeSetEffects> effects;
  private final EditableLayers layers;
  private final Previews previews;
  private final Map<String, String> sql;

  EditApplier(
      JdbcClient jdbc,
      ObjectMapper json,
      List<ChangeSetEffects> effects,
      EditableLayers layers,
      Previews previews) {
    this.layers = layers;
    this.previews = previews;
    this.jdbc = jdbc;
    this.json = json;
    this.effects = List.copyOf(effects);
    this.sql =
        SqlFiles.loadAll(
            "editing",
            "select_edits",
            "set_change_set",
            "select_violations",
            "set_created_feature");
  }

  private final SqlTemplate lockVersions = SqlTemplate.load("editing/lock_versions.sql", "table");
  private final SqlTemplate insertFeature =
      SqlTemplate.load(
          "editing/insert_feature.sql", "table", "id", "id_values", "columns", "values");
  private final SqlTemplate updateFeature =
      SqlTemplate.load("editing/update_feature.sql", "table", "assignments");
  private final SqlTemplate deleteFeature = SqlTemplate.load("editing/delete_feature.sql", "table");
  private final SqlTemplate selectFeature = SqlTemplate.load("editing/select_feature.sql", "table");

  record Edit(
      int seq,
      String layer,
      String action,
      Long featureId,
      Integer baseVersion,
      RawJson geometry,
      RawJson properties,
      Double areaMu) {}

  record Stale(String layer, long featureId, int baseVersion, Integer currentVersion) {}

  record FeatureChange(
      String layer, long featureId, String action, RawJson before, RawJson after) {}

  /**
   * What applying the edits did; empty lists mean nothing of that kind. The capabilities' figures
   * ({@link ChangeSetEffects}) stand in the JSON beside the others, under their own names.
   */
  record Applied(
      List<Stale> stale,
      List<Violation> violations,
      @JsonAnyGetter Map<String, Object> figures,
      List<FeatureChange> features) {}

  List<Edit> edits(long cs) {
    return jdbc.sql(sql.get("select_edits"))
        .param("cs", cs)
        .query(
            (rs, n) ->
                new Edit(
                    rs.getInt("seq"),
                    rs.getString("layer"),
                    rs.getString("action"),
                    (Long) rs.getObject("feature_id"),
                    (Integer) rs.getObject("base_version"),
                    rs.getString("geometry") == null ? null : new RawJson(rs.getString("geometry")),
                    new RawJson(rs.getString("properties")),
                    (Double) rs.getObject("area_mu")))
        .list();
  }

  /**
   * Why the edits are applied, which says what is read around them. The rules themselves run once:
   * for a preview here (check_change_set, without waiting for locks); for a commit by the
   * database's own check at COMMIT (V14's change_set_rules), the one every writer meets, so the
   * service does not run them again just before it.
   */
  enum Purpose {
    /**
     * A preview (rolled back after, and a preview's transaction to the database: {@link Previews}):
     * the rules' verdict, every figure, the features before and after.
     */
    PREVIEW,
    /** A commit from the editing panel: every figure, the features before and after. */
    COMMIT,
    /** A request's own change set (the feature API, a transition): the features after, only. */
    REQUEST;

    boolean figures() {
      return this != REQUEST;
    }
  }

  /** Applies the change set's edits (in the caller's transaction) and says what they did. */
  Applied apply(long cs, Purpose purpose) {
    return apply(cs, purpose, null, Set.of());
  }

  /**
   * The same, with the change set's edits as the caller read them ({@link #edits}) in the same
   * transaction or for a preview (rolled back, so nothing is left half-applied if they changed
   * since), null: read here; and with the effects asked for by name ({@link
   * ChangeSetEffects#includedAs}) besides those always worked out.
   */
  Applied apply(long cs, Purpose purpose, List<Edit> read, Set<String> include) {
    if (purpose == Purpose.PREVIEW) {
      previews.begin();
    }
    jdbc.sql(sql.get("set_change_set")).param("cs", cs).query(String.class).single();
    List<Edit> edits = read == null ? edits(cs) : read;
    boolean before = purpose != Purpose.REQUEST;
    Map<Integer, RawJson> featuresBefore = new HashMap<>();
    List<Stale> stale = lockAndCompare(edits, before ? featuresBefore : null);
    if (!stale.isEmpty()) {
      Map<String, Object> none = new LinkedHashMap<>();
      if (purpose.figures()) {
        effects(include).forEach(effect -> none.putAll(effect.none()));
      }
      return new Applied(stale, List.of(), none, List.of());
    }
    List<ChangeSetEffects.After> effectsBefore =
        purpose.figures()
            ? effects(include).stream()
                .map(effect -> effect.before(cs, ChangeSetEffects.Detail.FEATURES))
                .toList()
            : List.of();
    List<FeatureChange> features = new ArrayList<>();
    for (Edit e : edits) {
      Written written = applyOne(cs, e);
      RawJson was = e.featureId() == null ? null : featuresBefore.get(e.seq());
      features.add(new FeatureChange(e.layer(), written.id(), e.action(), was, written.feature()));
    }
    List<Violation> violations =
        purpose == Purpose.PREVIEW
            ? jdbc.sql(sql.get("select_violations"))
                .param("cs", cs)
                .param("lock", false)
                .query((rs, n) -> Violation.from(rs))
                .list()
            : List.of();
    return new Applied(List.of(), violations, after(cs, effectsBefore), features);
  }

  /** The effects worked out always, and those of them asked for by name. */
  private List<ChangeSetEffects> effects(Set<String> include) {
    return effects.stream()
        .filter(effect -> effect.includedAs() == null || include.contains(effect.includedAs()))
        .toList();
  }

  /**
   * The names a caller may include ({@link ChangeSetEffects#includedAs}), checked: a 400 problem
   * naming those there are for any other.
   */
  Set<String> include(List<String> asked) {
    Set<String> names = new java.util.TreeSet<>();
    effects.forEach(
        effect -> {
          if (effect.includedAs() != null) {
            names.add(effect.includedAs());
          }
        });
    Set<String> include = new java.util.TreeSet<>();
    for (String a : asked == null ? List.<String>of() : asked) {
      for (String name : a.split(",", -1)) {
        String n = name.trim();
        if (n.isEmpty()) {
          continue;
        }
        if (!names.contains(n)) {
          throw cn.foshan.redline.system.ApiException.badRequest(
              "invalid-parameter",
              "include 只能是 "
                  + String.join("、", names)
                  + "（include may name "
                  + String.join(", ", names)
                  + ", not '"
                  + n
                  + "'）");
        }
        include.add(n);
      }
    }
    return Set.copyOf(include);
  }

  /** The capabilities' figures once the edits are applied, in their order. */
  static Map<String, Object> after(long cs, List<ChangeSetEffects.After> before) {
    Map<String, Object> figures = new LinkedHashMap<>();
    before.forEach(effect -> figures.putAll(effect.after(cs)));
    return figures;
  }

  /**
   * Locks what the edits change and reports the features whose version moved on; with {@code
   * before} given, puts there each edited feature as it is (by the edit's sequence number), read
   * with the same statement that locks it.
   */
  private List<Stale> lockAndCompare(List<Edit> edits, Map<Integer, RawJson> before) {
    List<Stale> stale = new ArrayList<>();
    Map<String, List<Edit>> byLayer =
        edits.stream()
            .filter(e -> e.featureId() != null)
            .collect(Collectors.groupingBy(Edit::layer, LinkedHashMap::new, Collectors.toList()));
    for (EditableLayer layer : layers.all()) {
      List<Edit> mine = byLayer.getOrDefault(layer.id(), List.of());
      if (mine.isEmpty()) {
        continue;
      }
      Map<Long, Integer> versions = new HashMap<>();
      Map<Long, RawJson> features = new HashMap<>();
      jdbc.sql(lockVersions.identifier("table", layer.table()).sql())
          .param("ids", mine.stream().map(Edit::featureId).toArray(Long[]::new))
          .param("features", before != null)
          .query(
              (rs, n) -> {
                versions.put(rs.getLong("id"), rs.getInt("version"));
                String feature = rs.getString("feature");
                if (feature != null) {
                  features.put(rs.getLong("id"), new RawJson(feature));
                }
                return null;
              })
          .list();
      for (Edit e : mine) {
        Integer current = versions.get(e.featureId());
        boolean ok =
            e.action().equals("RESTORE")
                ? current == null
                : current != null && current.intValue() == e.baseVersion();
        if (!ok) {
          stale.add(new Stale(e.layer(), e.featureId(), e.baseVersion(), current));
        } else if (before != null && !e.action().equals("RESTORE")) {
          before.put(e.seq(), features.get(e.featureId()));
        }
      }
    }
    return stale;
  }

  /**
   * The feature an edit wrote (or removed: no feature), as the statement that wrote it returned it:
   * the row after the BEFORE triggers, which the AFTER triggers of the versioned layers leave as it
   * is, so the same as a read after it.
   */
  private record Written(long id, RawJson feature) {}

  private static Written written(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Written(rs.getLong("id"), new RawJson(rs.getString("feature")));
  }

  /** Applies one edit: the feature it wrote (as written) or removed. */
  private Written applyOne(long cs, Edit e) {
    EditableLayer layer = layers.get(e.layer());
    JsonNode properties = json.readTree(e.properties().json());
    List<LayerField> given = new ArrayList<>();
    for (LayerField f : layer.fields()) {
      if (properties.has(f.column()) && !f.column().equals("code")) {
        given.add(f);
      }
    }
    switch (e.action()) {
      case "CREATE", "RESTORE" -> {
        boolean restore = e.action().equals("RESTORE");
        String code = FeatureCodes.made(layer.codePrefix(), cs, e.seq());
        String text =
            insertFeature
                .identifier("table", layer.table())
                .sql("id", restore ? "id, version," : "")
                .sql("id_values", restore ? "e.feature_id, e.base_version + 1," : "")
                .sql("columns", columns(given, ""))
                .sql("values", columns(given, "r."))
                .sql();
        Written made =
            jdbc.sql(text)
                .param("cs", cs)
                .param("seq", e.seq())
                .param("code", code)
                .query((rs, n) -> written(rs))
                .single();
        if (!restore) {
          jdbc.sql(sql.get("set_created_feature"))
              .param("cs", cs)
              .param("seq", e.seq())
              .param("feature_id", made.id())
              .update();
        }
        return made;
      }
      case "UPDATE" -> {
        StringBuilder assignments = new StringBuilder();
        for (LayerField f : layer.fields()) {
          if (properties.has(f.column())) {
            assignments.append(f.column()).append(" = r.").append(f.column()).append(", ");
          } else if (f.derived()) {
            assignments
                .append(f.column())
                .append(" = CASE WHEN e.geom IS NULL THEN t.")
                .append(f.column())
                .append(" END, ");
          }
        }
        // no row updated (none there, or the row security's USING hid it): as a read finds it
        return jdbc.sql(
                updateFeature
                    .identifier("table", layer.table())
                    .sql("assignments", assignments.toString())
                    .sql())
            .param("cs", cs)
            .param("seq", e.seq())
            .query((rs, n) -> written(rs))
            .optional()
            .orElseGet(() -> new Written(e.featureId(), feature(e.layer(), e.featureId())));
      }
      case "DELETE" -> {
        jdbc.sql(deleteFeature.identifier("table", layer.table()).sql())
            .param("id", e.featureId())
            .update();
        return new Written(e.featureId(), null);
      }
      default -> throw new IllegalStateException("unknown action " + e.action());
    }
  }

  /** The layer's columns, each with the prefix and a comma after it, for an INSERT's two lists. */
  static String columns(List<LayerField> fields, String prefix) {
    return fields.stream().map(f -> prefix + f.column() + ", ").collect(Collectors.joining());
  }

  /** A feature as a GeoJSON Feature (properties: its columns), or null if there is none. */
  RawJson feature(String layerId, long id) {
    EditableLayer layer = layers.get(layerId);
    return jdbc.sql(selectFeature.identifier("table", layer.table()).sql())
        .param("id", id)
        .query((rs, n) -> new RawJson(rs.getString("feature")))
        .optional()
        .orElse(null);
  }

  /** A feature as it is now, as a GeoJSON Feature; a 404 problem if there is none. */
  JsonNode current(String layerId, long id) {
    RawJson raw = feature(layerId, id);
    if (raw == null) {
      throw cn.foshan.redline.system.ApiException.notFound(
          "unknown-feature", "There is no " + layerId + " " + id);
    }
    return json.readTree(raw.json());
  }
}
