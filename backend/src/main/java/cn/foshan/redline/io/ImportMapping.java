package cn.foshan.redline.io;

import cn.foshan.redline.editing.BulkEdits.LayerField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The attribute mapping of an import: which file field (or default value) each layer field takes,
 * guessed by name at first, and the staged features' properties as the editing system's bulk path
 * takes them, each value converted to its field's type by the database.
 */
final class ImportMapping {

  private ImportMapping() {}

  /** A file field: its name as in the file, and the type GDAL gave it in PostgreSQL. */
  record FileField(String name, String type) {}

  /** Where a layer field's values come from: a file field, and a default for empty values. */
  record FieldSource(String from, String defaultValue) {}

  /**
   * By name: a file field named as the layer field (property or column, any case, _ ignored), or
   * its first 10 characters (a Shapefile's limit).
   */
  static Map<String, FieldSource> defaultMapping(
      List<LayerField> layerFields, List<FileField> fileFields) {
    Map<String, FieldSource> mapping = new LinkedHashMap<>();
    for (LayerField f : layerFields) {
      for (FileField file : fileFields) {
        String n = normal(file.name());
        // a Shapefile cuts names to 10 characters: designatedOn arrives as designated
        boolean cut =
            file.name().length() == 10
                && f.property()
                    .toLowerCase(Locale.ROOT)
                    .startsWith(file.name().toLowerCase(Locale.ROOT));
        if (n.equals(normal(f.property())) || n.equals(normal(f.column())) || cut) {
          mapping.put(f.property(), new FieldSource(file.name(), null));
          break;
        }
      }
    }
    return mapping;
  }

  private static String normal(String name) {
    return name.toLowerCase(Locale.ROOT).replace("_", "").replace(" ", "");
  }

  /**
   * The properties of the staged features (select_staged_features.sql), as the arguments of
   * jsonb_build_object: each layer field's column and its value, from its file field of the staging
   * table {@code s} (quoted: names come from the staging table's own columns) or its default (a
   * bound value), converted to the field's type; and the code's value, as text, on its own (null
   * when no file field or default gives it).
   */
  record Mapped(String properties, String code) {}

  static Mapped properties(
      List<LayerField> layerFields,
      List<FileField> fileFields,
      Map<String, FieldSource> mapping,
      Map<String, Object> params,
      List<String> errors) {
    List<String> pairs = new ArrayList<>();
    String code = null;
    int i = 0;
    for (LayerField f : layerFields) {
      FieldSource source = mapping.get(f.property());
      String value = null;
      if (source != null && source.from() != null) {
        boolean known = fileFields.stream().anyMatch(x -> x.name().equals(source.from()));
        if (!known) {
          errors.add(f.property() + ": the file has no field '" + source.from() + "'");
          continue;
        }
        value = "nullif(btrim(CAST(s." + ident(source.from()) + " AS text)), '')";
      }
      if (source != null && source.defaultValue() != null) {
        String p = "d" + i++;
        params.put(p, source.defaultValue());
        value = value == null ? "CAST(:" + p + " AS text)" : "coalesce(" + value + ", :" + p + ")";
      }
      if (value == null) {
        if (f.required()) {
          errors.add(
              f.property() + ": required: map a field of the file to it or give a default value");
        }
        continue;
      }
      pairs.add("'" + f.column() + "', " + typed(f, value));
      if (f.column().equals("code")) {
        code = value;
      }
    }
    return new Mapped(String.join(", ", pairs), code);
  }

  /** A text value as JSON of the field's type (the database refuses what does not convert). */
  private static String typed(LayerField f, String text) {
    return switch (f.type()) {
      case "DATE" -> "to_jsonb(CAST(" + text + " AS date))";
      case "INTEGER" -> "to_jsonb(CAST(CAST(" + text + " AS numeric) AS bigint))";
      case "DECIMAL" -> "to_jsonb(CAST(" + text + " AS numeric))";
      case "BOOLEAN" -> "to_jsonb(CAST(" + text + " AS boolean))";
      case "TEXT_LIST" ->
          "(SELECT CASE WHEN v LIKE '[%' THEN CAST(v AS jsonb)"
              + " ELSE to_jsonb(regexp_split_to_array(v, '\\s*[,，、;；]\\s*')) END FROM (SELECT "
              + text
              + " AS v) x)";
      default -> "to_jsonb(" + text + ")";
    };
  }

  /** A name as an SQL identifier, quoted. */
  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
