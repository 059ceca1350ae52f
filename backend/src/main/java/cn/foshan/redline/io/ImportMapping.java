package cn.foshan.redline.io;

import cn.foshan.redline.editing.BulkEdits.LayerField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The attribute mapping of an import: which file field (or default value) each layer field takes,
 * guessed by name at first, and the staged features as the relation the editing system's bulk path
 * takes, each value converted to its field's type by the database.
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
   * The staged features as the relation BulkEdits takes (ord, geom, properties): each layer field
   * from its file field (quoted: names come from the staging table's own columns) or its default (a
   * bound value), converted to the field's type.
   */
  static String relation(
      String staging,
      List<LayerField> layerFields,
      List<FileField> fileFields,
      Map<String, FieldSource> mapping,
      Map<String, Object> params,
      List<String> errors) {
    List<String> pairs = new ArrayList<>();
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
    }
    return "SELECT s.fid AS ord, g.shape AS geom, jsonb_strip_nulls(jsonb_build_object("
        + String.join(", ", pairs)
        + ")) AS properties FROM "
        + staging
        + " s JOIN "
        + staging
        + "_shapes g ON g.fid = s.fid";
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
