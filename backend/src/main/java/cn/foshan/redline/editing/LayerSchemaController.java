package cn.foshan.redline.editing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Features")
class LayerSchemaController {

  private final EditableLayers layers;

  LayerSchemaController(EditableLayers layers) {
    this.layers = layers;
  }

  record FieldInfo(
      String property, String type, boolean required, List<String> allowed, boolean derived) {}

  record Schema(
      String layer, String name, String nameEn, String codePrefix, List<FieldInfo> fields) {}

  @GetMapping("/api/editable-layers")
  @Operation(summary = "The layers that can be edited, with their attributes (for forms)")
  List<Schema> all() {
    return layers.all().stream().map(LayerSchemaController::schema).toList();
  }

  @GetMapping("/api/layers/{layer}/schema")
  @Operation(
      summary =
          "The attributes of an editable layer: type, required on create, allowed codes, and"
              + " whether it is derived from the shape when not given")
  Schema schema(@PathVariable String layer) {
    return schema(layers.get(layer));
  }

  private static Schema schema(EditableLayer l) {
    return new Schema(
        l.id(),
        l.name(),
        l.nameEn(),
        l.codePrefix(),
        l.fields().stream()
            .map(
                f ->
                    new FieldInfo(
                        f.property(), f.type().name(), f.required(), f.allowed(), f.derived()))
            .toList());
  }
}
