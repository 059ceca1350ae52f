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
      SqlTemplate.load("editing/bulk_update_features.sql", "table", "assignments");
  private final SqlTemplate insertFeatures =
      SqlTemplate.load("editing/bulk_insert_features.sql", "table", "columns", "values");

  BulkApplication(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Applies the edits to the layer: one UPDATE for the features changed, one INSERT … SELECT for
   * the new ones.
   */
  void apply(long cs, EditableLayer layer) {
    String table = layer.table();
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
    jdbc.sql(numberCreations).param("cs", cs).param("table", layer.table()).update();
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
