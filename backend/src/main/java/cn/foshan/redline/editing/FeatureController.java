package cn.foshan.redline.editing;

import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.Area;
import cn.foshan.redline.system.IfMatch;
import cn.foshan.redline.system.RawJson;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The features of the editable layers, one at a time: read (ETag = version), write with If-Match (a
 * missing one is 428, a stale one 412 with what changed since), their history, any version, and the
 * difference between two; and the features in a box, now or as of a date.
 */
@RestController
@RequestMapping("/api/layers/{layer}/features")
@Tag(
    name = "Features",
    description = "Features of the editable layers: read, write with ETags, history")
class FeatureController {

  private final JdbcClient jdbc;
  private final ChangeSets changeSets;
  private final FeatureWrites writes;
  private final ObjectMapper json;
  private final EditableLayers layers;
  private final StaleFeatures staleFeatures;

  FeatureController(
      JdbcClient jdbc,
      ChangeSets changeSets,
      FeatureWrites writes,
      ObjectMapper json,
      EditableLayers layers,
      StaleFeatures staleFeatures) {
    this.staleFeatures = staleFeatures;
    this.layers = layers;
    this.jdbc = jdbc;
    this.changeSets = changeSets;
    this.writes = writes;
    this.json = json;
  }

  private final String featuresInBoxAsOf =
      SqlFiles.load("editing/select_features_in_box_as_of.sql");
  private final SqlTemplate featuresInBox =
      SqlTemplate.load("editing/select_features_in_box.sql", "table");
  private final SqlTemplate selectHistory = SqlTemplate.load("editing/select_history.sql", "table");
  private final SqlTemplate selectVersion = SqlTemplate.load("editing/select_version.sql", "table");
  private final SqlTemplate diffVersions = SqlTemplate.load("editing/diff_versions.sql", "table");
  private final SqlTemplate currentVersion =
      SqlTemplate.load("editing/select_current_version.sql", "table");

  /** A write of one feature: the shape (optional for an update), attributes, and why. */
  record Write(
      JsonNode geometry, String crs, JsonNode properties, String reason, String documentNumber) {}

  record Version(
      int version,
      OffsetDateTime validFrom,
      OffsetDateTime validTo,
      String endedBy,
      Long endedByChangeSetId,
      double areaMu,
      long changeSetId,
      String author,
      String reason,
      String documentNumber,
      OffsetDateTime committedAt) {}

  record Diff(int from, int to, RawJson added, RawJson removed, double addedMu, double removedMu) {}

  @GetMapping(produces = {"application/geo+json", MediaType.APPLICATION_JSON_VALUE})
  @Operation(
      summary =
          "The features in a box (west,south,east,north), now or as of a moment (asOf, ISO 8601)")
  ResponseEntity<String> inBox(
      @PathVariable String layer,
      @RequestParam String bbox,
      @RequestParam(required = false) OffsetDateTime asOf,
      @RequestParam(defaultValue = "2000") int limit) {
    EditableLayer l = layers.get(layer);
    double[] box = bbox(bbox);
    cn.foshan.redline.system.Times.checked(asOf, "invalid-parameter", "asOf " + asOf);
    var query =
        asOf == null
            ? jdbc.sql(featuresInBox.identifier("table", l.table()).sql())
            : jdbc.sql(featuresInBoxAsOf).param("layer", l.id()).param("at", asOf);
    String collection =
        query
            .param("west", box[0])
            .param("south", box[1])
            .param("east", box[2])
            .param("north", box[3])
            .param("limit", Math.max(1, Math.min(limit, 5000)))
            .query(String.class)
            .single();
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/geo+json"))
        .body(collection);
  }

  private static double[] bbox(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length != 4) {
      throw ApiException.badRequest(
          "invalid-bbox", "bbox must be west,south,east,north in degrees");
    }
    double[] box = new double[4];
    try {
      for (int i = 0; i < 4; i++) {
        box[i] = Double.parseDouble(parts[i].trim());
        if (!Double.isFinite(box[i])) {
          throw new NumberFormatException(parts[i]);
        }
      }
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "invalid-bbox", "bbox must be four numbers: west,south,east,north");
    }
    if (box[0] >= box[2]
        || box[1] >= box[3]
        || box[0] < -180
        || box[2] > 180
        || box[1] < -90
        || box[3] > 90) {
      throw ApiException.badRequest(
          "invalid-bbox", "bbox must be west,south,east,north with west < east, south < north");
    }
    return box;
  }

  @GetMapping(
      value = "/{id}",
      produces = {"application/geo+json", MediaType.APPLICATION_JSON_VALUE})
  @Operation(
      summary =
          "One feature as GeoJSON; its ETag is its version (send it back in If-Match to write)")
  ResponseEntity<String> get(@PathVariable String layer, @PathVariable long id) {
    JsonNode feature = changeSets.feature(layers.get(layer).id(), id);
    return ResponseEntity.ok()
        .eTag("\"" + feature.at("/properties/version").asInt() + "\"")
        .contentType(MediaType.parseMediaType("application/geo+json"))
        .body(feature.toString());
  }

  @PostMapping
  @Operation(
      summary =
          "Create a feature: committed at once by the bureau (201), proposed by a district officer (202)")
  ResponseEntity<?> create(@PathVariable String layer, @RequestBody Write body) {
    return write(layer, null, null, FeatureWrites.Mode.CREATE, body);
  }

  @PutMapping("/{id}")
  @Operation(
      summary = "Change a feature; needs If-Match with its version (428 without, 412 if stale)")
  ResponseEntity<?> update(
      @PathVariable String layer,
      @PathVariable long id,
      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestBody Write body) {
    return write(layer, id, ifMatch, FeatureWrites.Mode.PATCH, body);
  }

  @DeleteMapping("/{id}")
  @Operation(summary = "Delete a feature; needs If-Match with its version and a reason")
  ResponseEntity<?> delete(
      @PathVariable String layer,
      @PathVariable long id,
      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String documentNumber) {
    return write(
        layer,
        id,
        ifMatch,
        FeatureWrites.Mode.DELETE,
        new Write(null, null, null, reason, documentNumber));
  }

  /** One edit in a change set of its own: committed for the bureau, proposed for a district. */
  private ResponseEntity<?> write(
      String layerId, Long id, String ifMatch, FeatureWrites.Mode mode, Write body) {
    AppUser user = UserAccounts.require();
    EditableLayer layer = layers.get(layerId);
    Integer base = null;
    if (id != null) {
      writes.requireMayWrite(user, layer.id(), id);
      base = IfMatch.required(ifMatch);
      if (!user.role().commits()) {
        // a proposal is checked against the version at once (its commit checks again, later)
        requireAt(layer, id, base);
      }
    }
    FeatureWrites.Outcome outcome;
    try {
      // a commit compares the version in its own transaction, where it locks the feature
      outcome =
          writes.apply(
              user,
              body.reason(),
              body.documentNumber(),
              List.of(
                  new FeatureWrites.Write(
                      layer.id(), mode, id, base, body.geometry(), body.crs(), body.properties())));
    } catch (ApiException e) {
      if (id != null && e.status() == HttpStatus.PRECONDITION_FAILED) {
        requireAt(layer, id, base); // 404 if it is gone, else 412 with the feature as it is now
      }
      throw e;
    }
    ChangeSet cs = outcome.changeSet();
    if (!outcome.committed()) {
      return ResponseEntity.accepted().location(URI.create("/api/change-sets/" + cs.id())).body(cs);
    }
    if (mode == FeatureWrites.Mode.DELETE) {
      return ResponseEntity.noContent().header("X-Change-Set", Long.toString(cs.id())).build();
    }
    long featureId = outcome.featureIds().get(0);
    // the feature as the change set wrote it, read once, in its transaction
    JsonNode written = json.readTree(outcome.features().get(0).json());
    return ResponseEntity.status(id == null ? HttpStatus.CREATED : HttpStatus.OK)
        .location(URI.create("/api/layers/" + layer.id() + "/features/" + featureId))
        .eTag("\"" + written.at("/properties/version").asInt() + "\"")
        .header("X-Change-Set", Long.toString(cs.id()))
        .contentType(MediaType.parseMediaType("application/geo+json"))
        .body(written.toString());
  }

  /**
   * The feature is at the version the client read: else a 404 if there is no such feature, a 412
   * with the feature as it is now and the versions written since.
   */
  private void requireAt(EditableLayer layer, long id, int base) {
    int now =
        jdbc.sql(currentVersion.identifier("table", layer.table()).sql())
            .param("id", id)
            .query(Integer.class)
            .optional()
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "unknown-feature", "There is no " + layer.id() + " " + id));
    if (now != base) {
      throw stale(layer, id, base, now, changeSets.feature(layer.id(), id));
    }
  }

  /** 412 with the feature as it is now and the versions written since the one the client had. */
  private ApiException stale(EditableLayer layer, long id, int base, int now, JsonNode current) {
    List<Version> since = history(layer, id).stream().filter(v -> v.version() > base).toList();
    return IfMatch.stale(
        staleFeatures.sentence(layer.id(), id, base, now)
            + "。请查看修改（current, changes）后重做（"
            + layer.id()
            + " "
            + id
            + " is at version "
            + now
            + ", not "
            + base
            + ": it changed since you loaded it; look at what changed, then edit again）",
        Map.of("current", new RawJson(current.toString()), "changes", since));
  }

  @GetMapping("/{id}/history")
  @Operation(
      summary =
          "Every version of a feature, newest first: who, when, why, which document, which change set")
  List<Version> history(@PathVariable String layer, @PathVariable long id) {
    List<Version> versions = history(layers.get(layer), id);
    if (versions.isEmpty()) {
      throw ApiException.notFound(
          "unknown-feature", "There is no " + layer + " " + id + ", now or before");
    }
    return versions;
  }

  private List<Version> history(EditableLayer layer, long id) {
    return jdbc.sql(selectHistory.identifier("table", layer.table()).sql())
        .param("layer", layer.id())
        .param("id", id)
        .query(
            (rs, n) ->
                new Version(
                    rs.getInt("version"),
                    rs.getObject("valid_from", OffsetDateTime.class),
                    rs.getObject("valid_to", OffsetDateTime.class),
                    rs.getString("ended_by"),
                    (Long) rs.getObject("ended_by_change_set_id"),
                    Area.mu(rs.getDouble("area_m2")),
                    rs.getLong("change_set_id"),
                    rs.getString("author"),
                    rs.getString("reason"),
                    rs.getString("document_number"),
                    rs.getObject("committed_at", OffsetDateTime.class)))
        .list();
  }

  @GetMapping(
      value = "/{id}/versions/{version}",
      produces = {"application/geo+json", MediaType.APPLICATION_JSON_VALUE})
  @Operation(summary = "One version of a feature as GeoJSON")
  ResponseEntity<String> version(
      @PathVariable String layer, @PathVariable long id, @PathVariable int version) {
    EditableLayer l = layers.get(layer);
    String feature =
        jdbc.sql(selectVersion.identifier("table", l.table()).sql())
            .param("layer", l.id())
            .param("id", id)
            .param("version", version)
            .query(String.class)
            .optional()
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "unknown-version", l.id() + " " + id + " has no version " + version));
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/geo+json"))
        .body(feature);
  }

  @GetMapping("/{id}/diff")
  @Operation(
      summary = "What changed in a feature's shape between two versions: area added and removed")
  Diff diff(
      @PathVariable String layer,
      @PathVariable long id,
      @RequestParam int from,
      @RequestParam int to) {
    EditableLayer l = layers.get(layer);
    return jdbc.sql(diffVersions.identifier("table", l.table()).sql())
        .param("layer", l.id())
        .param("id", id)
        .param("from", from)
        .param("to", to)
        .query(
            (rs, n) -> {
              if (!rs.getBoolean("found")) {
                throw ApiException.notFound(
                    "unknown-version", l.id() + " " + id + " has no version " + from + " or " + to);
              }
              return new Diff(
                  from,
                  to,
                  new RawJson(rs.getString("added")),
                  new RawJson(rs.getString("removed")),
                  Area.mu(rs.getDouble("added_m2")),
                  Area.mu(rs.getDouble("removed_m2")));
            })
        .single();
  }
}
