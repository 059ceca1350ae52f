package cn.foshan.redline.editing;

import cn.foshan.redline.maps.LayerField;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.DatabaseLimits;
import cn.foshan.redline.system.IfMatch;
import cn.foshan.redline.system.SqlFiles;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Edits made from other edits: split a polygon by a drawn line, merge adjacent polygons, and revert
 * a committed change set (as a new draft that goes through the same rules).
 */
@Service
public class EditTools {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(EditTools.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final ChangeSets changeSets;
  private final DistrictGuard guard;
  private final EditApplier applier;
  private final ObjectMapper json;
  private final EditableLayers layers;
  private final String splitSql = SqlFiles.load("editing/split_shape.sql");
  private final String mergeSql = SqlFiles.load("editing/merge_shapes.sql");
  private final String revertSql = SqlFiles.load("editing/select_revert_sources.sql");

  EditTools(
      JdbcClient jdbc,
      TransactionTemplate transactions,
      ChangeSets changeSets,
      DistrictGuard guard,
      EditApplier applier,
      ObjectMapper json,
      EditableLayers layers) {
    this.layers = layers;
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.changeSets = changeSets;
    this.guard = guard;
    this.applier = applier;
    this.json = json;
  }

  private record Piece(String geojson, double m2) {}

  private record Merged(String geojson, int pieces) {}

  /**
   * Splits a feature by a line: the largest piece stays the feature, each other piece becomes a new
   * feature with the same attributes (and a new code). Returns the number of pieces.
   */
  public int split(
      AppUser user,
      long cs,
      String layerId,
      Long featureId,
      Integer baseVersion,
      JsonNode line,
      String crs) {
    // whose draft first: who may not write it learns nothing about what the request holds
    ChangeSet draft = changeSets.ownDraft(user, cs);
    EditableLayer layer = layers.get(layerId);
    if (featureId == null) {
      throw ApiException.badRequest(
          "invalid-split", "分割需要要素编号 featureId（Split needs the featureId of the feature to cut）");
    }
    JsonNode feature = changeSets.feature(layer.id(), featureId);
    int version = requireVersion(baseVersion);
    if (line == null || !"LineString".equals(line.path("type").asString(""))) {
      throw Shapes.unprocessable("not-a-line", "Split needs a GeoJSON LineString");
    }
    Shapes.countPoints(line, Shapes.MAX_LINE_POINTS, "line");
    List<Piece> pieces;
    try {
      pieces =
          jdbc.sql(splitSql)
              .param("srid", Shapes.srid(line, crs))
              .param("line", Shapes.readable(line, 1))
              .param("shape", currentShape(cs, layer.id(), featureId, feature))
              .query((rs, n) -> new Piece(rs.getString("geojson"), rs.getDouble("m2")))
              .list();
    } catch (DataAccessException e) {
      if (DatabaseLimits.overLimit(e)) {
        throw DatabaseLimits.problem(e);
      }
      log.info("a split line PostGIS could not read: {}", Shapes.rootMessage(e));
      throw ApiException.badRequest(
          "invalid-geojson", "分割线不是可读的 GeoJSON 线（the line is not a readable GeoJSON LineString）");
    }
    if (pieces.size() < 2) {
      throw Shapes.unprocessable(
          "split-missed",
          "The line must cross the shape from one edge to another to cut it in two");
    }
    if (draft.districtCode() != null) {
      guard.requireInDistrict(draft.districtCode(), layer, featureId, null);
    }
    ObjectNode attributes = copyableAttributes(layer, feature.path("properties"));
    changeSets.addPrepared(
        cs, layer.id(), "UPDATE", featureId, version, pieces.get(0).geojson(), "{}");
    for (Piece piece : pieces.subList(1, pieces.size())) {
      changeSets.addPrepared(
          cs, layer.id(), "CREATE", null, null, piece.geojson(), attributes.toString());
    }
    return pieces.size();
  }

  /** The most features one merge takes. */
  static final int MAX_MERGED = 100;

  /** Merges touching features into the first one; the others are deleted. */
  public void merge(
      AppUser user, long cs, String layerId, List<Long> featureIds, List<Integer> baseVersions) {
    ChangeSet draft = changeSets.ownDraft(user, cs);
    EditableLayer layer = layers.get(layerId);
    if (featureIds == null
        || featureIds.size() < 2
        || baseVersions == null
        || baseVersions.size() != featureIds.size()) {
      throw ApiException.badRequest(
          "invalid-merge", "Merge needs two or more featureIds and the baseVersion of each");
    }
    if (featureIds.size() > MAX_MERGED) {
      throw Shapes.unprocessable(
          "invalid-merge",
          "一次最多合并 " + MAX_MERGED + " 个要素（At most " + MAX_MERGED + " features are merged at once）");
    }
    List<String> shapes = new ArrayList<>();
    List<Integer> versions = new ArrayList<>();
    for (int i = 0; i < featureIds.size(); i++) {
      JsonNode feature = changeSets.feature(layer.id(), featureIds.get(i));
      versions.add(requireVersion(baseVersions.get(i)));
      shapes.add(currentShape(cs, layer.id(), featureIds.get(i), feature));
      if (draft.districtCode() != null) {
        guard.requireInDistrict(draft.districtCode(), layer, featureIds.get(i), null);
      }
    }
    Merged merged =
        jdbc.sql(mergeSql)
            .param("shapes", shapes.toArray(String[]::new))
            .query((rs, n) -> new Merged(rs.getString("geojson"), rs.getInt("pieces")))
            .single();
    if (merged.pieces() != 1) {
      throw Shapes.unprocessable(
          "not-adjacent",
          "Only features that touch can be merged; these would stay "
              + merged.pieces()
              + " pieces");
    }
    changeSets.addPrepared(
        cs, layer.id(), "UPDATE", featureIds.get(0), versions.get(0), merged.geojson(), "{}");
    for (int i = 1; i < featureIds.size(); i++) {
      changeSets.addPrepared(
          cs, layer.id(), "DELETE", featureIds.get(i), versions.get(i), null, "{}");
    }
  }

  private record Source(
      String layer,
      String action,
      long featureId,
      Integer endedVersion,
      String endedGeometry,
      String endedProperties) {}

  /**
   * A new draft undoing a committed change set: what it created is deleted, what it changed goes
   * back to the version before, what it deleted comes back. It refuses when a feature was changed
   * again since (revert the later change set first), or lies outside a district officer's district;
   * a refused revert leaves no draft behind (one transaction).
   */
  public ChangeSet revert(AppUser user, long target, String reason, String documentNumber) {
    return transactions.execute(
        status -> revertInTransaction(user, target, reason, documentNumber));
  }

  private ChangeSet revertInTransaction(
      AppUser user, long target, String reason, String documentNumber) {
    ChangeSet done = changeSets.get(user, target);
    if (!done.status().equals("COMMITTED")) {
      throw ChangeSetProblems.conflict(
          "Only a committed change set can be reverted; " + target + " is " + done.status());
    }
    List<Source> sources =
        jdbc.sql(revertSql)
            .param("cs", target)
            .query(
                (rs, n) ->
                    new Source(
                        rs.getString("layer"),
                        rs.getString("action"),
                        rs.getLong("feature_id"),
                        (Integer) rs.getObject("ended_version"),
                        rs.getString("ended_geometry"),
                        rs.getString("ended_properties")))
            .list();
    ChangeSet draft =
        changeSets.create(
            user,
            reason == null || reason.isBlank()
                ? "撤销变更 " + target + " (revert change set " + target + ")"
                : reason,
            documentNumber,
            target);
    for (Source s : sources) {
      EditableLayer layer = layers.get(s.layer());
      if (draft.districtCode() != null) {
        guard.requireInDistrict(
            draft.districtCode(),
            layer,
            s.action().equals("DELETE") ? null : s.featureId(),
            s.endedGeometry());
      }
      JsonNode now =
          s.action().equals("DELETE") ? null : changeSets.feature(layer.id(), s.featureId());
      if (now != null && now.at("/properties/changeSetId").asLong() != target) {
        throw ChangeSetProblems.conflict(
            layer.id()
                + " "
                + s.featureId()
                + " was changed again by change set "
                + now.at("/properties/changeSetId").asLong()
                + "; revert that one first");
      }
      int version = now == null ? 0 : now.at("/properties/version").asInt();
      switch (s.action()) {
        case "CREATE", "RESTORE" ->
            changeSets.addPrepared(
                draft.id(), layer.id(), "DELETE", s.featureId(), version, null, "{}");
        case "UPDATE" ->
            changeSets.addPrepared(
                draft.id(),
                layer.id(),
                "UPDATE",
                s.featureId(),
                version,
                s.endedGeometry(),
                columns(layer, json.readTree(s.endedProperties())).toString());
        case "DELETE" ->
            changeSets.addPrepared(
                draft.id(),
                layer.id(),
                "RESTORE",
                s.featureId(),
                s.endedVersion(),
                s.endedGeometry(),
                columns(layer, json.readTree(s.endedProperties())).toString());
        default -> throw new IllegalStateException(s.action());
      }
    }
    return changeSets.get(user, draft.id());
  }

  /** The shape a feature has in this draft: its pending edit's, or its current one. */
  private String currentShape(long cs, String layer, long featureId, JsonNode feature) {
    return applier.edits(cs).stream()
        .filter(
            e ->
                e.layer().equals(layer)
                    && Long.valueOf(featureId).equals(e.featureId())
                    && e.geometry() != null)
        .map(e -> e.geometry().json())
        .findFirst()
        .orElse(feature.path("geometry").toString());
  }

  private static int requireVersion(Integer baseVersion) {
    if (baseVersion == null) {
      throw IfMatch.versionRequired("baseVersion (the version you edited) is required");
    }
    return baseVersion;
  }

  /** The attributes a new piece of a split feature takes over (not its code nor derived places). */
  private static ObjectNode copyableAttributes(EditableLayer layer, JsonNode properties) {
    ObjectNode columns = JsonNodeFactory.instance.objectNode();
    for (LayerField f : layer.fields()) {
      JsonNode value = properties.get(f.property());
      if (!f.derived() && !f.column().equals("code") && value != null && !value.isNull()) {
        columns.set(f.column(), value);
      }
    }
    return columns;
  }

  /** A kept version's columns, limited to the layer's attributes. */
  private static ObjectNode columns(EditableLayer layer, JsonNode kept) {
    ObjectNode columns = JsonNodeFactory.instance.objectNode();
    for (LayerField f : layer.fields()) {
      if (kept.has(f.column())) {
        columns.set(f.column(), kept.get(f.column()));
      }
    }
    return columns;
  }
}
