package cn.foshan.redline.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataIntegrityViolationException;

/** The strict readings of request input, and the database's refusals in people's words. */
@Tag("fast")
class StrictInputTest {

  @Test
  void numbersAreAsciiDecimalOnly() {
    assertThat(StrictNumbers.parse("16", Long.class)).isEqualTo(16L);
    assertThat(StrictNumbers.parse("016", Long.class)).as("leading zeros: decimal").isEqualTo(16L);
    assertThat(StrictNumbers.parse("-3", Integer.class)).isEqualTo(-3);
    assertThat(StrictNumbers.parse("113.25", Double.class)).isEqualTo(113.25);
    assertThat(StrictNumbers.parse("", Long.class)).isNull();
    for (String bad :
        new String[] {"0x10", "#10", "+16", "\uff11\uff16", " 16", "16 ", "1 6", "1_000", "1e3"}) {
      assertThatThrownBy(() -> StrictNumbers.parse(bad, Long.class))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (String bad : new String[] {"NaN", "Infinity", "1e999", "0x1p3", "\uff11.5", " 1.5"}) {
      assertThatThrownBy(() -> StrictNumbers.parse(bad, Double.class))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(StrictNumbers.wholeNumber("16")).isEqualTo(16L);
    assertThat(StrictNumbers.wholeNumber("+16")).isNull();
    assertThat(StrictNumbers.wholeNumber("\uff11\uff16")).isNull();
    assertThat(StrictNumbers.wholeNumber("99999999999999999999")).isNull();
  }

  @Test
  void ifMatchComparesStrongly() {
    assertThat(IfMatch.optional("\"3\"")).isEqualTo(3);
    assertThat(IfMatch.optional(null)).isNull();
    assertThatThrownBy(() -> IfMatch.optional("W/\"3\""))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).status().value()).isEqualTo(412))
        .hasMessageContaining("弱 ETag");
    for (String bad : new String[] {"3", "\"0x3\"", "\"+3\"", "*", "\"1\", \"2\"", "\"\""}) {
      assertThatThrownBy(() -> IfMatch.optional(bad))
          .as(bad)
          .isInstanceOf(ApiException.class)
          .satisfies(e -> assertThat(((ApiException) e).status().value()).isEqualTo(400));
    }
    assertThatThrownBy(() -> IfMatch.required(null))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).status().value()).isEqualTo(428));
  }

  @Test
  void timesStayWithinWhatPostgresqlHolds() {
    OffsetDateTime fine = OffsetDateTime.parse("2024-01-01T00:00:00+15:59");
    assertThat(Times.checked(fine, "x", "t")).isSameAs(fine);
    for (String bad :
        new String[] {
          "2024-01-01T00:00:00+16:00",
          "2024-01-01T00:00:00-18:00",
          "0000-06-01T00:00:00Z",
          "+10000-01-01T00:00:00Z",
          "0001-01-01T00:00:00+08:00" // year 0 in UTC
        }) {
      assertThatThrownBy(() -> Times.checked(OffsetDateTime.parse(bad), "x", "t"))
          .as(bad)
          .isInstanceOf(ApiException.class)
          .satisfies(e -> assertThat(((ApiException) e).status().value()).isEqualTo(400));
    }
    assertThatThrownBy(() -> Times.checked(LocalDate.of(0, 1, 1), "x", "t"))
        .hasMessageStartingWith("t 不在公元 1 年至 9999 年之间");
    assertThatThrownBy(() -> Times.checked(LocalDate.of(10_000, 1, 1), "x", "t"))
        .isInstanceOf(ApiException.class);
  }

  private static DataIntegrityViolationException refused(String fields) {
    return new DataIntegrityViolationException(
        "PreparedStatementCallback; SQL [INSERT INTO parcel …]",
        new PSQLException(new ServerErrorMessage(fields)));
  }

  /** No constraint, table or column name and no SQL in what people read; the rules' own words. */
  @Test
  void theDatabaseRefusesInPeoplesWords() {
    String check =
        "SERROR\0C23514\0Mnew row for relation \"parcel\" violates check constraint"
            + " \"parcel_geom_valid\"\0tparcel\0nparcel_geom_valid\0RExecConstraints\0";
    String explained = DatabaseRefusals.explain(refused(check));
    assertThat(explained).isEqualTo("形状不是有效的多边形（the shape is not a valid polygon）");
    String unknown =
        "SERROR\0C23514\0Mnew row for relation \"factory_unit\" violates check constraint"
            + " \"factory_unit_area_check\"\0tfactory_unit\0nfactory_unit_area_check\0"
            + "RExecConstraints\0";
    assertThat(DatabaseRefusals.explain(refused(unknown)))
        .isEqualTo("某个值不符合数据的规则（a value breaks a rule of the data）")
        .doesNotContain("factory_unit");
    String duplicate =
        "SERROR\0C23505\0Mduplicate key value violates unique constraint \"parcel_code_key\"\0"
            + "Dkey (code)=(ZD-1) already exists.\0tparcel\0nparcel_code_key\0R_bt_check_unique\0";
    assertThat(DatabaseRefusals.explain(refused(duplicate))).contains("编号已被使用");
    String fk =
        "SERROR\0C23503\0Minsert or update on table \"x\" violates foreign key constraint"
            + " \"x_y_fkey\"\0nx_y_fkey\0tx\0Rri_ReportViolation\0";
    assertThat(DatabaseRefusals.problem(refused(fk)).status().value()).isEqualTo(409);
    assertThat(DatabaseRefusals.problem(refused(fk)).getMessage()).doesNotContain("x_y_fkey");
    // a rule's own message (RAISE in a trigger) is written for people: passed on
    String rule =
        "SERROR\0CP0001\0M储备用地 7 的阶段日期 2030-01-01 在未来（reserve land 7: stage date"
            + " 2030-01-01 is in the future）\0Rexec_stmt_raise\0";
    assertThat(DatabaseRefusals.explain(refused(rule))).startsWith("储备用地 7 的阶段日期");
    assertThat(DatabaseRefusals.problem(refused(rule)).status().value()).isEqualTo(422);
    // …unless it speaks of SQL
    String internal =
        "SERROR\0CP0001\0Mdeleting from parcel needs its change set: SET LOCAL"
            + " redline.change_set_id = …\0Rexec_stmt_raise\0";
    assertThat(DatabaseRefusals.explain(refused(internal))).doesNotContain("SET LOCAL", "redline.");
    // a value PostgreSQL cannot take: a 400
    String nul = "SERROR\0C22021\0Minvalid byte sequence for encoding \"UTF8\": 0x00\0";
    assertThat(DatabaseRefusals.problem(refused(nul)).status().value()).isEqualTo(400);
    // a failure that is not a refusal: the service's (a 500, logged)
    String syntax = "SERROR\0C42601\0Msyntax error at or near \"x\"\0";
    assertThat(DatabaseRefusals.problem(refused(syntax))).isNull();
  }
}
