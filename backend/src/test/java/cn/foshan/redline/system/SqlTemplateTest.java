package cn.foshan.redline.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class SqlTemplateTest {

  private final SqlTemplate update =
      SqlTemplate.of(
          "t",
          "UPDATE /*table*/ t SET /* not a slot */ x = 1 WHERE true /*where*/",
          "table",
          "where");

  @Test
  void everySlotIsFilledOnce() {
    assertThat(update.identifier("table", "red_line").sql("where", "AND t.id = :id").sql())
        .isEqualTo("UPDATE red_line t SET /* not a slot */ x = 1 WHERE true AND t.id = :id");
  }

  @Test
  void aMisspeltOrMissingSlotFailsWhenLoaded() {
    assertThatThrownBy(() -> SqlTemplate.of("t", "SELECT /*tabel*/", "table"))
        .hasMessageContaining("[tabel]")
        .hasMessageContaining("[table]");
    assertThatThrownBy(() -> SqlTemplate.of("t", "SELECT 1", "table"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anUnfilledUnknownOrTwiceFilledSlotFailsWhenUsed() {
    assertThatThrownBy(() -> update.identifier("table", "red_line").sql())
        .hasMessageContaining("[where]");
    assertThatThrownBy(() -> update.sql("columns", "a"))
        .hasMessageContaining("no slot /*columns*/");
    assertThatThrownBy(() -> update.identifier("table", "a").identifier("table", "b"))
        .hasMessageContaining("twice");
  }

  @Test
  void identifiersArePlainNames() {
    assertThatThrownBy(() -> update.identifier("table", "red_line; DROP TABLE x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> update.identifier("table", "\"Red\""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(update.identifier("table", "redline_import.s_1").sql("where", "").sql())
        .startsWith("UPDATE redline_import.s_1 t");
  }

  @Test
  void aSlotMayRecurAndDollarSignsInValuesStayAsTheyAre() {
    SqlTemplate t = SqlTemplate.of("t", "/*a*/ /*a*/", "a");
    assertThat(t.sql("a", "$1").sql()).isEqualTo("$1 $1");
  }
}
