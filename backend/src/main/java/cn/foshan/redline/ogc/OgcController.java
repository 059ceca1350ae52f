package cn.foshan.redline.ogc;

import cn.foshan.redline.maps.FeatureSource;
import cn.foshan.redline.maps.LayerCatalog;
import cn.foshan.redline.security.FigureScope;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.ObjectMapper;

/**
 * OGC API – Features, Part 1 (Core) at {@code /ogc}: landing page, conformance, the OpenAPI 3.0
 * description, every map layer and view as a collection, its items (bbox, datetime, limit, offset,
 * next and prev links) and each item, as GeoJSON or HTML ({@code f=json|html}, or the Accept
 * header). Features are GeoJSON made by PostGIS and streamed as they come; coordinates are CGCS2000
 * longitude, latitude (EPSG:4490), which agrees with CRS84 to a few centimetres, as OGC API's
 * default asks. A collection that needs a login (enterprises' figures) is listed, described and
 * read for logged-in users only: anyone else gets 401 for it, and does not find it in the lists.
 *
 * <p>Each operation reads its parameters, makes its {@link OgcDocument} and hands it to the writer
 * of the format negotiated ({@link OgcFormat}); none writes a format itself.
 */
@RestController
@RequestMapping("/ogc")
@Tag(
    name = "OGC API – Features",
    description = "Parts 1 (Core), 2 (CRS) and 3 (Filtering, CQL2); GeoJSON and HTML")
class OgcController {

  private final LayerCatalog catalog;
  private final OgcFeatures features;
  private final OgcFilters filters;
  private final ObjectMapper json;
  private final OgcJsonWriter jsonWriter;
  private final OgcHtmlWriter htmlWriter;

  private final FigureScope figures;

  OgcController(
      LayerCatalog catalog,
      OgcFeatures features,
      OgcFilters filters,
      ObjectMapper json,
      OgcJsonWriter jsonWriter,
      OgcHtmlWriter htmlWriter,
      FigureScope figures) {
    this.figures = figures;
    this.catalog = catalog;
    this.features = features;
    this.filters = filters;
    this.json = json;
    this.jsonWriter = jsonWriter;
    this.htmlWriter = htmlWriter;
  }

  // ---- landing page, conformance, API description

  @GetMapping({"", "/"})
  @Operation(summary = "Landing page: links to the API description, conformance and collections")
  ResponseEntity<String> landing(HttpServletRequest request) {
    OgcFormat format = OgcFormat.of(request, Set.of());
    return writer(format).write(OgcDocument.Landing.of(OgcParameters.base(request), format));
  }

  @GetMapping("/conformance")
  @Operation(summary = "The conformance classes this API implements")
  ResponseEntity<String> conformance(HttpServletRequest request) {
    return writer(OgcFormat.of(request, Set.of())).write(OgcDocument.Conformance.CLASSES);
  }

  @GetMapping("/api")
  @Operation(summary = "The OpenAPI 3.0 description of this OGC API")
  ResponseEntity<String> api(HttpServletRequest request) throws IOException {
    OgcFormat format = OgcFormat.of(request, Set.of());
    return writer(format)
        .write(OgcDocument.ApiDescription.of(json, OgcParameters.base(request), visible()));
  }

  // ---- collections

  @GetMapping("/collections")
  @Operation(
      summary = "Every map layer and view as a collection (those needing a login: when logged in)")
  ResponseEntity<String> collections(HttpServletRequest request) {
    OgcFormat format = OgcFormat.of(request, Set.of());
    String base = OgcParameters.base(request);
    double[] extent = features.extent();
    List<OgcDocument.Collection> list =
        visible().stream().map(layer -> collection(base, layer, extent)).toList();
    return writer(format).write(OgcDocument.Collections.of(base, list, format));
  }

  @GetMapping("/collections/{collectionId}")
  @Operation(summary = "One collection: its title, extent, CRS and links to its items")
  ResponseEntity<String> collection(@PathVariable String collectionId, HttpServletRequest request) {
    OgcFormat format = OgcFormat.of(request, Set.of());
    FeatureSource layer = layer(collectionId);
    return writer(format).write(collection(OgcParameters.base(request), layer, features.extent()));
  }

  private OgcDocument.Collection collection(String base, FeatureSource layer, double[] extent) {
    return OgcDocument.Collection.of(base, layer, extent, features.temporalExtent(layer));
  }

  @GetMapping("/collections/{collectionId}/queryables")
  @Operation(
      summary = "What filters may name in this collection (Part 3 queryables), as JSON Schema",
      description =
          "Each queryable is a property of the features with its type; filter (CQL2 text or JSON)"
              + " and the queryables as query parameters accept these names only.")
  ResponseEntity<String> queryables(@PathVariable String collectionId, HttpServletRequest request) {
    FeatureSource layer = layer(collectionId);
    OgcFormat format = OgcFormat.of(request, Set.of());
    return writer(format).write(OgcDocument.Queryables.of(OgcParameters.base(request), layer));
  }

  // ---- items

  @GetMapping("/collections/{collectionId}/items")
  @Operation(
      summary = "The collection's features: bbox, limit (1–10,000, default 100), offset; streamed",
      description =
          "Features intersecting bbox (west,south,east,north in degrees; 6 numbers with heights are"
              + " accepted), ordered by key, a page at a time with next/prev links. datetime (an"
              + " instant or interval): a layer keeping history as it was then (every feature that"
              + " existed in the interval, as at its latest moment there); a view by year, the"
              + " years it meets; any other collection has no time and every feature meets it.")
  ResponseEntity<StreamingResponseBody> items(
      @PathVariable String collectionId, HttpServletRequest request) {
    FeatureSource layer = layer(collectionId);
    OgcFormat format = OgcFormat.of(request, OgcParameters.items(layer));
    int limit = OgcParameters.limit(request);
    long offset = OgcParameters.offset(request);
    OgcCrs crs = OgcCrs.of(request.getParameter("crs"), "crs");
    OgcCrs bboxCrs = OgcCrs.of(request.getParameter("bbox-crs"), "bbox-crs");
    var bbox = OgcGeometries.bbox(request.getParameter("bbox"), bboxCrs);
    String after = OgcParameters.after(layer, request.getParameter("after"));
    OgcTime time = OgcTime.parse(request.getParameter("datetime"));
    OgcFeatures.Selection selection =
        new OgcFeatures.Selection(
            crs,
            bbox,
            bboxCrs,
            after,
            filters.condition(layer, request),
            time,
            OgcParameters.properties(
                layer, request.getParameter("properties"), () -> features.propertyNames(layer)));
    String self = OgcParameters.base(request) + "/ogc/collections/" + layer.id() + "/items";
    return writer(format)
        .write(
            new OgcItems(
                layer.name() + " " + layer.nameEn(),
                layer.id(),
                crs,
                each -> features.page(layer, selection, limit, offset, each),
                OgcLinks.Paging.of(request, self, limit, offset, format)));
  }

  @GetMapping("/collections/{collectionId}/items/{featureId}")
  @Operation(summary = "One feature")
  ResponseEntity<String> item(
      @PathVariable String collectionId,
      @PathVariable String featureId,
      HttpServletRequest request) {
    OgcFormat format = OgcFormat.of(request, Set.of("crs"));
    FeatureSource layer = layer(collectionId);
    OgcCrs crs = OgcCrs.of(request.getParameter("crs"), "crs");
    String feature = features.feature(layer, featureId, crs);
    if (feature == null) {
      throw ApiException.notFound(
          "unknown-feature", "There is no feature " + featureId + " in " + layer.id());
    }
    return writer(format)
        .write(
            OgcDocument.Item.of(
                OgcParameters.base(request),
                layer,
                featureId,
                json.readTree(feature),
                crs,
                format));
  }

  // ---- collections this request may read, and the writer of its format

  /**
   * The collection with this id: a 404 problem when there is none, a 401 when it needs a login and
   * nobody is logged in. The collections that need a login hold enterprises' figures: a 403 for a
   * role that reads none (one reading its own district's gets that district's features: row-level
   * security, V39).
   */
  private FeatureSource layer(String id) {
    FeatureSource source = catalog.source(id);
    if (source == null) {
      throw ApiException.notFound("unknown-collection", "There is no collection '" + id + "'");
    }
    if (source.loginRequired()) {
      UserAccounts.require();
      figures.some();
    }
    return source;
  }

  /** The collections this request may see: those needing a login only when logged in. */
  private List<FeatureSource> visible() {
    boolean loggedIn = UserAccounts.current().isPresent();
    return catalog.sources().stream().filter(s -> loggedIn || !s.loginRequired()).toList();
  }

  private OgcWriter writer(OgcFormat format) {
    return format.html() ? htmlWriter : jsonWriter;
  }
}
