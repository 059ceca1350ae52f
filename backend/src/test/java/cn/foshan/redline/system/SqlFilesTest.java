package cn.foshan.redline.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class SqlFilesTest {

  @Test
  void aSemicolonEndsAStatementOnlyAtTheEndOfItsLine() {
    String script =
        """
        -- shapes in CGCS2000 (EPSG:4490; EPSG:4326 taken as it is)
        CREATE TABLE t AS SELECT 1 AS a;
        CREATE INDEX ON t (a);\s\s
        ANALYZE t
        """;
    assertThat(SqlFiles.statements(script))
        .containsExactly(
            "-- shapes in CGCS2000 (EPSG:4490; EPSG:4326 taken as it is)\n"
                + "CREATE TABLE t AS SELECT 1 AS a",
            "CREATE INDEX ON t (a)",
            "ANALYZE t\n");
  }

  @Test
  void aFileWithTemplateSlotsIsRefusedWithTheWayToLoadIt() {
    assertThatThrownBy(() -> SqlFiles.load("editing/delete_feature.sql"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sql/editing/delete_feature.sql has the template slots [/*table*/]")
        .hasMessageContaining("SqlTemplate.load(\"editing/delete_feature.sql\", \"table\")");
    assertThat(
            SqlTemplate.load("editing/delete_feature.sql", "table").identifier("table", "parcel"))
        .asString()
        .doesNotContain("/*table*/")
        .contains("parcel");
    assertThat(SqlFiles.load("renovation/select_park_state.sql")).isNotBlank();
  }
}
