package cn.foshan.redline.io;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.LayerCatalog;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlTemplate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Any layer of the map as a file: Shapefile (zipped), GeoPackage, GeoJSON, KML or CSV. */
@RestController
@RequestMapping("/api/exports")
@Tag(name = "Export", description = "Layers as files, in CGCS2000 or Gauss-Krüger")
class ExportController {

  private static final SqlTemplate IN_BOX =
      SqlTemplate.load("io/select_features_in_box.sql", "features");

  private final LayerCatalog layers;
  private final Exports exports;

  ExportController(LayerCatalog layers, Exports exports) {
    this.layers = layers;
    this.exports = exports;
  }

  @GetMapping("/{layer}")
  @Operation(
      summary = "A layer's features as a file (GeoJSON, KML and CSV stream as they are written)",
      description =
          "Shapefile comes zipped with .shp, .shx, .dbf, .prj and .cpg; its attribute names are"
              + " cut to 10 characters, as the format demands. KML is always longitude/latitude.")
  ResponseEntity<StreamingResponseBody> export(
      @PathVariable String layer,
      @Parameter(description = "shp, gpkg, geojson, kml or csv")
          @RequestParam(defaultValue = "geojson")
          String format,
      @ParameterObject Exports.Options options,
      @Parameter(description = "west,south,east,north in degrees (CGCS2000)")
          @RequestParam(required = false)
          String bbox) {
    FeatureLayer l = layers.get(layer);
    Map<String, Object> params = new LinkedHashMap<>();
    String relation = l.featuresSql();
    if (bbox != null) {
      double[] box = bbox(bbox);
      params.put("west", box[0]);
      params.put("south", box[1]);
      params.put("east", box[2]);
      params.put("north", box[3]);
      // the layer's relation: the catalogue's SQL
      relation = IN_BOX.sql("features", relation).sql();
    }
    return exports.response(relation, params, format, options, l.id());
  }

  private static double[] bbox(String text) {
    String[] parts = text.split(",", -1);
    double[] box = new double[4];
    try {
      if (parts.length != 4) {
        throw new NumberFormatException();
      }
      for (int i = 0; i < 4; i++) {
        box[i] = Double.parseDouble(parts[i].trim());
      }
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "invalid-bbox", "bbox must be four numbers: west,south,east,north");
    }
    if (!(box[0] < box[2] && box[1] < box[3]) || box[0] < -180 || box[2] > 180) {
      throw ApiException.badRequest(
          "invalid-bbox", "bbox must be west,south,east,north with west < east, south < north");
    }
    return box;
  }
}
