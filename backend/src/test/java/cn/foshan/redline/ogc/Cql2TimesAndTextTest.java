package cn.foshan.redline.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.system.ApiException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What PostgreSQL cannot hold is refused (400) before any SQL: CQL2 TIMESTAMPs and DATEs with
 * offsets beyond ±15:59 or years outside 1–9999, datetime likewise, and a NUL in a CQL2 string
 * (these were 500s).
 */
@Tag("fast")
class Cql2TimesAndTextTest {

  private static void refused(Runnable parse, String expected) {
    assertThatThrownBy(parse::run)
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).status().value()).isEqualTo(400))
        .hasMessageContaining(expected);
  }

  @Test
  void timestampsAndDatesOutOfRangeAreA400() {
    refused(() -> Cql2Text.parse("updatedAt > TIMESTAMP('2024-01-01T00:00:00+16:00')"), "±15:59");
    refused(() -> Cql2Text.parse("updatedAt > TIMESTAMP('0000-01-01T00:00:00Z')"), "9999");
    refused(() -> Cql2Text.parse("updatedAt > TIMESTAMP('+10000-01-01T00:00:00Z')"), "");
    refused(() -> Cql2Text.parse("grantedOn = DATE('0000-01-01')"), "9999");
    refused(
        () ->
            Cql2Json.parse(
                "{\"op\":\">\",\"args\":[{\"property\":\"updatedAt\"},"
                    + "{\"timestamp\":\"2024-01-01T00:00:00-17:30\"}]}",
                tools.jackson.databind.json.JsonMapper.builder().build()),
        "±15:59");
    // the edges themselves are fine
    assertThat(Cql2Text.parse("updatedAt > TIMESTAMP('0001-01-02T00:00:00+15:59')")).isNotNull();
    assertThat(Cql2Text.parse("updatedAt < TIMESTAMP('9999-12-30T00:00:00-15:59')")).isNotNull();
  }

  @Test
  void aNulInAStringIsA400() {
    refused(() -> Cql2Text.parse("code = 'a\u0000b'"), "NUL");
    refused(() -> Cql2Text.parse("code LIKE '\u0000%'"), "NUL");
  }

  @Test
  void datetimeOutOfRangeIsA400() {
    for (String bad :
        new String[] {
          "0000-01-01T00:00:00Z",
          "0000-01-01",
          "+10000-01-01T00:00:00Z",
          "2024-01-01T00:00:00+16:00",
          "2024-01-01T00:00:00-17:00/..",
          "9999-12-01/P1Y",
          "P1Y/0001-06-01"
        }) {
      assertThatThrownBy(() -> OgcTime.parse(bad))
          .as(bad)
          .isInstanceOf(ApiException.class)
          .satisfies(e -> assertThat(((ApiException) e).status().value()).isEqualTo(400));
    }
    assertThat(OgcTime.parse("2024-01-01T00:00:00+15:59/..")).isNotNull();
  }
}
