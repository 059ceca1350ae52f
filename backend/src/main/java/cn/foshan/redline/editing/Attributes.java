package cn.foshan.redline.editing;

import cn.foshan.redline.maps.LayerField;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.TextLimits;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The attributes of an edit: checked against the layer's fields (known names, types, allowed
 * values, the pattern of a feature's code, required on create), and turned from API names into
 * columns. Every problem is reported at once.
 */
final class Attributes {

  private Attributes() {}

  /** The attributes as {column: value}, or a 422 problem listing every field at fault. */
  static ObjectNode toColumns(EditableLayer layer, JsonNode properties, boolean create) {
    ObjectNode columns = JsonNodeFactory.instance.objectNode();
    List<String> errors = new ArrayList<>();
    if (properties != null && !properties.isNull()) {
      if (!properties.isObject()) {
        throw ApiException.badRequest("invalid-properties", "properties must be a JSON object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.properties().iterator();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        LayerField field = layer.field(e.getKey()).orElse(null);
        if (field == null) {
          errors.add(e.getKey() + ": not an attribute of " + layer.id());
          continue;
        }
        JsonNode value = e.getValue();
        if (value == null || value.isNull()) {
          if (field.required()) {
            errors.add(e.getKey() + ": required");
          } else {
            columns.putNull(field.column());
          }
          continue;
        }
        String error = check(field, value);
        if (error != null) {
          errors.add(e.getKey() + ": " + error);
        } else {
          columns.set(field.column(), value);
        }
      }
    }
    if (create) {
      for (LayerField field : layer.fields()) {
        if (field.required() && !columns.has(field.column())) {
          errors.add(field.property() + ": required");
        }
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.unprocessable(
          "invalid-attributes",
          "Invalid attributes",
          "属性有误（some attributes are wrong）: " + String.join("; ", errors),
          Map.of("errors", errors));
    }
    return columns;
  }

  private static String check(LayerField field, JsonNode value) {
    switch (field.type()) {
      case TEXT -> {
        if (!value.isString() || value.asString().isBlank()) {
          return "a non-empty text is expected";
        }
        if (!field.allowed().isEmpty() && !field.allowed().contains(value.asString())) {
          return "one of " + String.join(", ", field.allowed()) + " is expected";
        }
        if (field.column().equals("code") && !FeatureCodes.valid(value.asString())) {
          return FeatureCodes.RULE;
        }
        int max =
            switch (field.column()) {
              case "name" -> TextLimits.NAME;
              case "document_number" -> TextLimits.DOCUMENT_NUMBER;
              default -> TextLimits.TEXT;
            };
        if (value.asString().length() > max) {
          return "最多 " + max + " 个字符（at most " + max + " characters）";
        }
      }
      case DATE -> {
        try {
          LocalDate.parse(value.asString(""));
        } catch (DateTimeParseException e) {
          return "a date (YYYY-MM-DD) is expected";
        }
      }
      case INTEGER -> {
        if (!value.isIntegralNumber()) {
          return "a whole number is expected";
        }
      }
      case DECIMAL -> {
        if (!value.isNumber() || value.asDouble() < 0) {
          return "a number of at least 0 is expected";
        }
      }
      case BOOLEAN -> {
        if (!value.isBoolean()) {
          return "true or false is expected";
        }
      }
      case TEXT_LIST -> {
        if (!value.isArray()) {
          return "a list of texts is expected";
        }
        if (value.size() > 100) {
          return "最多 100 项（at most 100 items）";
        }
        for (JsonNode item : value) {
          if (!item.isString()) {
            return "a list of texts is expected";
          }
          if (item.asString().length() > TextLimits.NAME) {
            return "每项最多 "
                + TextLimits.NAME
                + " 个字符（at most "
                + TextLimits.NAME
                + " characters an item）";
          }
        }
      }
    }
    return null;
  }
}
