package cn.foshan.redline.editing;

import cn.foshan.redline.maps.LayerField;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The bulk path's statements that apply a change set's edits to its layer: one UPDATE for the
 * features changed, one INSERT … SELECT for the new ones (a commit, or a preview rolled back
 * after).
 */
@Component
class BulkApplication {

  private final JdbcClient jdbc;
  private final String numberCreations = SqlFiles.load("editing/bulk_number_creations.sql");
  private final SqlTemplate updateFeatures =
      SqlTemplate.load("editing/bulk_update_features.sql", "table", "assignments", "places");
  private final SqlTemplate insertFeatures =
      SqlTemplate.load("editing/bulk_insert_features.sql", "table", "columns", "values", "places");

  BulkApplication(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Applies the edits to the layer: one UPDATE for the features changed, one INSERT … SELECT for
   * the new ones. The places a new shape lies in (its derived fields not given) are looked up in
   * the statement, for all its rows at once ({@code places_at}, the function the layer's trigger
   * asks row by row for the places a row leaves empty): the same places, without a lookup planned
   * and run again for each row.
   */
  void apply(long cs, EditableLayer layer) {
    String table = layer.table();
    List<LayerField> given =
        layer.fields().stream().filter(f -> !f.column().equals("code")).toList();
    StringBuilder assignments = new StringBuilder();
    StringBuilder values = new StringBuilder();
    for (LayerField f : given) {
      String c = f.column();
      // a feature changed keeps what the edit does not give, but a derived place of a new shape
      assignments
          .append(c)
          .append(" = ")
          .append(
              given(
                  c,
                  f.derived()
                      ? "WHEN e.geom IS NULL THEN t." + c + " ELSE at." + c
                      : "ELSE t." + c))
          .append(", ");
      // a new feature has what the edit gives, and the derived places of its shape
      values.append(f.derived() ? given(c, "ELSE at." + c) : "r." + c).append(", ");
    }
    String places = places(layer);
    jdbc.sql(
            updateFeatures
                .identifier("table", table)
                .sql("assignments", assignments.toString())
                .sql("places", places)
                .sql())
        .param("cs", cs)
        .update();
    // the new features' ids, from the layer's own sequence
    jdbc.sql(numberCreations).param("cs", cs).param("table", layer.table()).update();
    jdbc.sql(
            insertFeatures
                .identifier("table", table)
                .sql("columns", EditApplier.columns(given, ""))
                .sql("values", values.toString())
                .sql("places", places)
                .sql())
        .param("cs", cs)
        .param("prefix", layer.codePrefix())
        .update();
  }

  /** A column's value: the edit's, when it gives the column, else what {@code otherwise} says. */
  private static String given(String column, String otherwise) {
    return "CASE WHEN (e.properties -> '"
        + column
        + "') IS NOT NULL THEN r."
        + column
        + " "
        + otherwise
        + " END";
  }

  /**
   * The call that looks up the places of an edit's shape: those of the layer's derived fields that
   * the edit does not give (places_at's columns are named as the layers' are).
   */
  private static String places(EditableLayer layer) {
    List<String> places = List.of("district_code", "town_code", "cluster_id");
    for (LayerField f : layer.fields()) {
      if (f.derived() && !places.contains(f.column())) {
        throw new IllegalStateException(
            layer.id() + "." + f.column() + " is derived, but not a place places_at looks up");
      }
    }
    StringBuilder call = new StringBuilder("places_at(e.geom");
    for (String place : places) {
      boolean derived =
          layer.fields().stream().anyMatch(f -> f.derived() && f.column().equals(place));
      // looked up only for a new shape that does not give it
      call.append(
          derived
              ? ", e.geom IS NOT NULL AND (e.properties -> '" + place + "') IS NULL"
              : ", false");
    }
    return call.append(")").toString();
  }
}
