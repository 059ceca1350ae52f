package cn.foshan.redline.ogc;

import cn.foshan.redline.editing.ChangeSet;
import cn.foshan.redline.editing.FeatureWrites;
import cn.foshan.redline.editing.FeatureWrites.Mode;
import cn.foshan.redline.editing.FeatureWrites.Write;
import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.FeatureSource;
import cn.foshan.redline.maps.LayerCatalog;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.IfMatch;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * OGC API – Features Part 4 (create, replace, update, delete) on the editable collections, through
 * the editing rules: each request is a change set of its own, committed at once for the bureau
 * (201/200/204) or proposed for review for a district officer (202, Location: the change set).
 * Replace, update and delete need If-Match with the ETag of the item (428 without, 412 when stale).
 * Several features change atomically either by posting a FeatureCollection (all created in one
 * change set) or by naming a draft change set ({@code changeSet=ID}): the writes wait there (202)
 * until {@code POST /api/change-sets/ID/commit} applies them all or none. Bodies are GeoJSON in
 * CRS84 unless a {@code Content-Crs} header names EPSG:4490, 4547 or 4546, whose coordinates come
 * in the CRS's own axis order (latitude first; northing first).
 */
@RestController
@RequestMapping("/ogc/collections/{collectionId}/items")
@Tag(
    name = "OGC API – Features",
    description = "Part 4: create, replace, update, delete through change sets")
class OgcTransactions {

  private final LayerCatalog catalog;
  private final OgcFeatures features;
  private final FeatureWrites writes;
  private final ObjectMapper json;

  OgcTransactions(
      LayerCatalog catalog, OgcFeatures features, FeatureWrites writes, ObjectMapper json) {
    this.catalog = catalog;
    this.features = features;
    this.writes = writes;
    this.json = json;
  }

  /**
   * Why and under which document, for the change set, and the draft to add the writes to: query
   * parameters {@code reason}, {@code documentNumber} (they may be Chinese) and {@code changeSet}.
   */
  record Provenance(String reason, String documentNumber, Long changeSet) {}

  /** The feature a write names, with the version the writer saw (If-Match) and what it is now. */
  private record Target(FeatureLayer layer, long id, int base, JsonNode current) {}

  private Target target(String collectionId, String featureId, String ifMatch) {
    FeatureLayer layer = editable(collectionId);
    long id = id(featureId);
    writes.requireMayWrite(UserAccounts.require(), layer.id(), id);
    int base = IfMatch.required(ifMatch);
    return new Target(layer, id, base, current(layer, featureId));
  }

  @PostMapping(consumes = {"application/geo+json", "application/json"})
  @Operation(
      summary =
          "Create a feature (a GeoJSON Feature), or several at once and atomically (a"
              + " FeatureCollection)")
  ResponseEntity<?> create(
      @PathVariable String collectionId,
      @RequestBody JsonNode body,
      @RequestHeader(value = "Content-Crs", required = false) String contentCrs,
      @ParameterObject Provenance why,
      HttpServletRequest request) {
    FeatureLayer layer = editable(collectionId);
    OgcCrs crs = crs(contentCrs);
    List<Write> batch = new ArrayList<>();
    String type = body.path("type").asString("");
    if (type.equals("FeatureCollection")) {
      JsonNode list = body.path("features");
      if (!list.isArray() || list.isEmpty()) {
        throw ApiException.badRequest(
            "invalid-feature", "A FeatureCollection to create needs a non-empty 'features' array");
      }
      for (JsonNode f : list) {
        batch.add(write(layer, Mode.CREATE, null, null, withCrsOf(body, feature(f)), crs));
      }
    } else {
      batch.add(write(layer, Mode.CREATE, null, null, feature(body), crs));
    }
    return answer(request, layer, "POST", why, batch, body.path("type").asString(""));
  }

  @PutMapping(
      value = "/{featureId}",
      consumes = {"application/geo+json", "application/json"})
  @Operation(summary = "Replace a feature: its shape and all its attributes (If-Match required)")
  ResponseEntity<?> replace(
      @PathVariable String collectionId,
      @PathVariable String featureId,
      @RequestBody JsonNode body,
      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestHeader(value = "Content-Crs", required = false) String contentCrs,
      @ParameterObject Provenance why,
      HttpServletRequest request) {
    Target t = target(collectionId, featureId, ifMatch);
    JsonNode feature = feature(body);
    if (feature.path("geometry").isNull() || feature.path("geometry").isMissingNode()) {
      throw ApiException.badRequest(
          "invalid-feature", "A replacement needs the feature's geometry");
    }
    sameId(feature, featureId);
    Write w =
        write(
            t.layer(),
            Mode.REPLACE,
            t.id(),
            t.base(),
            withoutEchoes(t.layer(), feature, t.current()),
            crs(contentCrs));
    return answer(request, t.layer(), "PUT", why, List.of(w), null);
  }

  @PatchMapping(
      value = "/{featureId}",
      consumes = {"application/merge-patch+json", "application/geo+json", "application/json"})
  @Operation(
      summary =
          "Update a feature (JSON Merge Patch): the attributes given (null empties one) and the"
              + " shape if given (If-Match required)")
  ResponseEntity<?> update(
      @PathVariable String collectionId,
      @PathVariable String featureId,
      @RequestBody JsonNode body,
      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @RequestHeader(value = "Content-Crs", required = false) String contentCrs,
      @ParameterObject Provenance why,
      HttpServletRequest request) {
    Target t = target(collectionId, featureId, ifMatch);
    if (!body.isObject()) {
      throw ApiException.badRequest("invalid-feature", "A merge patch is a JSON object");
    }
    sameId(body, featureId);
    Write w =
        write(
            t.layer(),
            Mode.PATCH,
            t.id(),
            t.base(),
            withoutEchoes(t.layer(), body, t.current()),
            crs(contentCrs));
    return answer(request, t.layer(), "PATCH", why, List.of(w), null);
  }

  @DeleteMapping("/{featureId}")
  @Operation(summary = "Delete a feature (If-Match required)")
  ResponseEntity<?> delete(
      @PathVariable String collectionId,
      @PathVariable String featureId,
      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
      @ParameterObject Provenance why,
      HttpServletRequest request) {
    Target t = target(collectionId, featureId, ifMatch);
    Write w = new Write(t.layer().id(), Mode.DELETE, t.id(), t.base(), null, null, null);
    return answer(request, t.layer(), "DELETE", why, List.of(w), null);
  }

  // ---- the answer

  private ResponseEntity<?> answer(
      HttpServletRequest request,
      FeatureLayer layer,
      String method,
      Provenance why,
      List<Write> batch,
      String postedType) {
    AppUser user = UserAccounts.require();
    if (why.changeSet() != null) {
      // all of the batch or none
      List<Integer> seqs = writes.addToDraft(user, why.changeSet(), batch);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("changeSet", why.changeSet());
      body.put("edits", seqs);
      body.put(
          "detail",
          "Recorded in draft change set "
              + why.changeSet()
              + "; POST /api/change-sets/"
              + why.changeSet()
              + "/commit applies all its edits or none");
      return ResponseEntity.accepted()
          .location(URI.create(OgcParameters.base(request) + "/api/change-sets/" + why.changeSet()))
          .body(body);
    }
    String reason =
        why.reason() == null || why.reason().isBlank()
            ? "OGC API – Features: " + method + " " + layer.id()
            : why.reason();
    FeatureWrites.Outcome outcome = writes.apply(user, reason, why.documentNumber(), batch);
    ChangeSet cs = outcome.changeSet();
    if (!outcome.committed()) {
      return ResponseEntity.accepted()
          .location(URI.create(OgcParameters.base(request) + "/api/change-sets/" + cs.id()))
          .body(cs);
    }
    String items = OgcParameters.base(request) + "/ogc/collections/" + layer.id() + "/items/";
    if (method.equals("DELETE")) {
      return ResponseEntity.noContent().header("X-Change-Set", Long.toString(cs.id())).build();
    }
    if ("FeatureCollection".equals(postedType)) {
      ObjectNode collection = JsonNodeFactory.instance.objectNode();
      collection.put("type", "FeatureCollection");
      ArrayNode list = collection.putArray("features");
      for (long id : outcome.featureIds()) {
        list.add(json.readTree(features.feature(layer, Long.toString(id), OgcCrs.CRS84)));
      }
      collection.put("numberCreated", outcome.featureIds().size());
      return ResponseEntity.status(HttpStatus.CREATED)
          .header("X-Change-Set", Long.toString(cs.id()))
          .contentType(OgcFormat.GEOJSON)
          .body(collection.toString());
    }
    String id = Long.toString(outcome.featureIds().get(0));
    String feature = features.feature(layer, id, OgcCrs.CRS84);
    return ResponseEntity.status(method.equals("POST") ? HttpStatus.CREATED : HttpStatus.OK)
        .location(URI.create(items + id))
        .eTag(OgcDocument.Item.etag(json.readTree(feature)))
        .header("X-Change-Set", Long.toString(cs.id()))
        .contentType(OgcFormat.GEOJSON)
        .body(feature);
  }

  // ---- reading the request

  /** A collection's items, or one item, are only read where the collection is not editable. */
  private static final String[] READ_ONLY = {"GET", "HEAD"};

  private FeatureLayer editable(String collectionId) {
    FeatureSource source = catalog.source(collectionId);
    if (source == null) {
      throw ApiException.notFound(
          "unknown-collection", "There is no collection '" + collectionId + "'");
    }
    if (!(source instanceof FeatureLayer layer)) {
      throw ApiException.methodNotAllowed(
          "not-editable",
          "The collection "
              + collectionId
              + " is read-only: a view computed from other data, which changes only with them"
              + " (OGC API – Features Part 4 writes go to the editable map layers)",
          READ_ONLY);
    }
    try {
      writes.requireEditable(layer.id());
    } catch (ApiException e) {
      throw ApiException.methodNotAllowed("not-editable", e.getMessage(), READ_ONLY);
    }
    return layer;
  }

  private static long id(String featureId) {
    Long id = cn.foshan.redline.system.StrictNumbers.wholeNumber(featureId);
    if (id == null) {
      throw ApiException.notFound("unknown-feature", "There is no feature '" + featureId + "'");
    }
    return id;
  }

  /** The feature as OGC API serves it now; 404 if there is none. */
  private JsonNode current(FeatureLayer layer, String featureId) {
    String feature = features.feature(layer, featureId, OgcCrs.CRS84);
    if (feature == null) {
      throw ApiException.notFound(
          "unknown-feature", "There is no feature " + featureId + " in " + layer.id());
    }
    return json.readTree(feature);
  }

  /** A GeoJSON Feature object, or a 400 problem. */
  private static JsonNode feature(JsonNode node) {
    if (node == null || !node.isObject() || !"Feature".equals(node.path("type").asString(""))) {
      throw ApiException.badRequest(
          "invalid-feature",
          "The body must be a GeoJSON Feature ({\"type\":\"Feature\",\"geometry\":…,"
              + "\"properties\":{…}})");
    }
    return node;
  }

  private static void sameId(JsonNode feature, String featureId) {
    JsonNode id = feature.path("id");
    if (!id.isMissingNode() && !id.isNull() && !id.asString("").equals(featureId)) {
      throw ApiException.badRequest(
          "invalid-feature",
          "The body's id (" + id.asString("") + ") is not the item's (" + featureId + ")");
    }
  }

  /**
   * The feature with the GeoJSON {@code crs} member of the collection it came in, where it has none
   * of its own (the 2008 GeoJSON form puts it on the outermost object).
   */
  private static JsonNode withCrsOf(JsonNode collection, JsonNode feature) {
    if (!collection.has("crs") || feature.has("crs")) {
      return feature;
    }
    ObjectNode copy = ((ObjectNode) feature).deepCopy();
    copy.set("crs", collection.get("crs"));
    return copy;
  }

  private static Write write(
      FeatureLayer layer, Mode mode, Long id, Integer base, JsonNode feature, OgcCrs crs) {
    JsonNode geometry = feature.get("geometry");
    if (geometry != null && geometry.isObject() && feature.has("crs") && !geometry.has("crs")) {
      // a crs member on the feature names the CRS of its geometry: checked with it, against
      // Content-Crs, by the shape check
      ObjectNode named = ((ObjectNode) geometry).deepCopy();
      named.set("crs", feature.get("crs"));
      geometry = named;
    }
    if (geometry != null && !geometry.isNull() && crs.northFirst) {
      geometry = swapAxes(geometry);
    }
    JsonNode properties = feature.get("properties");
    String named = crs == OgcCrs.CRS84 ? "CRS84" : "EPSG:" + crs.srid;
    return new Write(layer.id(), mode, id, base, geometry, named, properties);
  }

  /**
   * The properties without those a client sends back unchanged though it may not write them (the
   * district's name, the area, the version — what GET gave it); a changed one of those stays, and
   * the attribute check refuses it by name.
   */
  private JsonNode withoutEchoes(FeatureLayer layer, JsonNode feature, JsonNode current) {
    JsonNode given = feature.get("properties");
    if (given == null || !given.isObject()) {
      return feature;
    }
    Set<String> writable = writes.writableProperties(layer.id());
    ObjectNode kept = JsonNodeFactory.instance.objectNode();
    JsonNode now = current.path("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = given.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (writable.contains(e.getKey()) || !e.getValue().equals(now.get(e.getKey()))) {
        kept.set(e.getKey(), e.getValue());
      }
    }
    ObjectNode copy = ((ObjectNode) feature).deepCopy();
    copy.set("properties", kept);
    return copy;
  }

  /**
   * The CRS of a body from its Content-Crs header (CRS84 when there is none), as the shape check
   * names it; coordinates of a CRS whose first axis is north are swapped to x, y by {@link #write}.
   */
  private static OgcCrs crs(String contentCrs) {
    return OgcCrs.of(
        contentCrs == null || contentCrs.isBlank()
            ? null
            : contentCrs.strip().replaceAll("^<|>$", ""),
        "Content-Crs");
  }

  /** The geometry with each position's first two ordinates swapped. */
  private static JsonNode swapAxes(JsonNode geometry) {
    JsonNode copy = geometry.deepCopy();
    swap(copy.get("coordinates"));
    return copy;
  }

  private static void swap(JsonNode node) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      return;
    }
    if (node.get(0).isNumber()) {
      if (node.size() >= 2) {
        ArrayNode position = (ArrayNode) node;
        JsonNode first = position.get(0);
        position.set(0, position.get(1));
        position.set(1, first);
      }
      return;
    }
    node.forEach(OgcTransactions::swap);
  }
}
