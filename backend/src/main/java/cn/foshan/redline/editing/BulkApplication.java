package cn.foshan.redline.editing;

import cn.foshan.redline.maps.LayerField;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The bulk path's statements that apply a change set's edits: one UPDATE for the features changed,
 * one INSERT … SELECT for the new ones, to the layer (a commit, or a preview rolled back after), or
 * to a copy of the rows they change (the preview of a layer that allows it, V28's staged_preview: a
 * temporary table of the layer's shape, constraints and places trigger), so that an import's
 * preview does not write, then throw away, every version and index entry that its commit writes
 * again. The same statements in both cases, only the table differs.
 */
@Component
class BulkApplication {

  /** The copy a preview applies the edits to (V28's create_staged_rows). */
  static final String STAGED = "pg_temp.staged_rows";

  private final JdbcClient jdbc;
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "editing",
          "bulk_number_creations",
          "bulk_create_staged",
          "bulk_ready_staged",
          "bulk_check_staged");
  private final SqlTemplate updateFeatures =
      SqlTemplate.load("editing/bulk_update_features.sql", "table", "assignments");
  private final SqlTemplate insertFeatures =
      SqlTemplate.load("editing/bulk_insert_features.sql", "table", "columns", "values");
  private final SqlTemplate copyStaged = SqlTemplate.load("editing/bulk_copy_staged.sql", "table");

  BulkApplication(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Applies the edits to the layer. */
  void apply(long cs, EditableLayer layer) {
    applyTo(cs, layer, layer.table());
  }

  /**
   * Applies the edits to a copy of the features they change ({@link #STAGED}), which is left for
   * the rules (check_staged_change_set) until the transaction ends. The database refuses what it
   * would refuse in the layer: its CHECK and NOT NULL constraints, references and unique codes.
   */
  void applyToCopy(long cs, EditableLayer layer) {
    jdbc.sql(sql.get("bulk_create_staged")).param("layer", layer.id()).query().listOfRows();
    jdbc.sql(copyStaged.identifier("table", layer.table()).sql()).param("cs", cs).update();
    jdbc.sql(sql.get("bulk_ready_staged")).param("layer", layer.id()).query().listOfRows();
    applyTo(cs, layer, STAGED);
    jdbc.sql(sql.get("bulk_check_staged")).param("layer", layer.id()).query().listOfRows();
  }

  /** One UPDATE for the features changed, one INSERT … SELECT for the new ones. */
  private void applyTo(long cs, EditableLayer layer, String table) {
    StringBuilder assignments = new StringBuilder();
    for (LayerField f : layer.fields()) {
      if (f.column().equals("code")) {
        continue;
      }
      String c = f.column();
      assignments
          .append(c)
          .append(" = CASE WHEN (e.properties -> '")
          .append(c)
          .append("') IS NOT NULL THEN r.")
          .append(c)
          .append(f.derived() ? " WHEN e.geom IS NULL THEN t." + c + " END, " : " ELSE t." + c)
          .append(f.derived() ? "" : " END, ");
    }
    jdbc.sql(
            updateFeatures
                .identifier("table", table)
                .sql("assignments", assignments.toString())
                .sql())
        .param("cs", cs)
        .update();
    // the new features' ids, from the layer's own sequence
    jdbc.sql(sql.get("bulk_number_creations"))
        .param("cs", cs)
        .param("table", layer.table())
        .update();
    List<LayerField> given =
        layer.fields().stream().filter(f -> !f.column().equals("code")).toList();
    jdbc.sql(
            insertFeatures
                .identifier("table", table)
                .sql("columns", EditApplier.columns(given, ""))
                .sql("values", EditApplier.columns(given, "r."))
                .sql())
        .param("cs", cs)
        .param("prefix", layer.codePrefix())
        .update();
  }
}
