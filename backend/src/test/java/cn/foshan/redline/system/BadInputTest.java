package cn.foshan.redline.system;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.DemoCityTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Bad input to the reading API gets a 4xx problem that says why, Chinese first, whoever refuses it
 * (our code, Spring, Tomcat): ids only in decimal digits, times PostgreSQL can hold, no NUL in a
 * filter's strings (each of these answered 200 for another thing, or 500, before).
 */
class BadInputTest extends DemoCityTest {

  private JsonNode problem(String path, int status, String type) throws Exception {
    HttpResponse<byte[]> r = get(path);
    String text = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as(path + " → " + text).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .as(path)
        .startsWith("application/problem+json");
    JsonNode p = json(r.body());
    assertThat(p.get("type").asText()).as(path + " → " + text).isEqualTo(type);
    return p;
  }

  @Test
  void idsAreDecimalDigitsOnly() throws Exception {
    for (String id : new String[] {"0x2", "%EF%BC%92", "+2", "%202", "2%20", "1%206", "%232"}) {
      JsonNode p = problem("/api/reserve/" + id + "/ledger", 400, "/problems/invalid-parameter");
      assertThat(p.get("detail").asText()).as(id).startsWith("参数 id 的值").contains("十进制整数");
    }
    problem("/api/layers/parcel/features/0x10", 400, "/problems/invalid-parameter");
    problem("/tiles/parcel/0x1/0/0.mvt", 400, "/problems/invalid-parameter");
    problem("/ogc/collections/parcel/items/+16", 404, "/problems/unknown-feature");
    problem("/ogc/collections/parcel/items/%EF%BC%91%EF%BC%96", 404, "/problems/unknown-feature");
    problem("/ogc/collections/parcel/items?limit=%EF%BC%92", 400, "/problems/invalid-parameter");
    // a leading zero is still decimal: the same piece
    assertThat(getJson("/api/reserve/02/ledger").get("id").asLong())
        .isEqualTo(getJson("/api/reserve/2/ledger").get("id").asLong());
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** D6: what was a 500 (PostgreSQL refused the value) is a 400 that says why. */
  @Test
  void timesAndNulsPostgresqlCannotHoldAreA400() throws Exception {
    String items = "/ogc/collections/parcel/items?limit=1&";
    JsonNode offset =
        problem(
            items + "filter=" + q("updatedAt > TIMESTAMP('2024-01-01T00:00:00+16:00')"),
            400,
            "/problems/invalid-filter");
    assertThat(offset.get("detail").asText()).contains("时区偏移", "±15:59");
    problem(
        items + "filter=" + q("updatedAt > TIMESTAMP('0000-01-01T00:00:00Z')"),
        400,
        "/problems/invalid-filter");
    // (a NUL in any parameter is refused before the filter is read; Cql2TimesAndTextTest has the
    // parser's own refusal)
    problem(items + "filter=" + q("code = 'a\u0000b'"), 400, "/problems/invalid-parameter");
    // a NUL in any parameter: refused before anything reads it (a streamed report was cut off)
    problem(
        "/api/renovation/plans/report.csv?year=2025&district=%00",
        400, "/problems/invalid-parameter");
    problem("/api/reserve/pieces?district=a%00", 400, "/problems/invalid-parameter");
    problem(items + "datetime=0000-01-01T00:00:00Z", 400, "/problems/invalid-datetime");
    problem(items + "datetime=" + q("+10000-01-01T00:00:00Z"), 400, "/problems/invalid-datetime");
    problem(
        items + "datetime=" + q("2024-01-01T00:00:00+17:00"), 400, "/problems/invalid-datetime");
    problem(items + "datetime=" + q("9999-12-01/P1Y"), 400, "/problems/invalid-datetime");
    JsonNode asOf =
        problem(
            "/tiles/parcel/10/833/445.mvt?asOf=" + q("2024-01-01T00:00:00+17:00"),
            400,
            "/problems/invalid-parameter");
    assertThat(asOf.get("detail").asText()).startsWith("asOf");
    problem(
        "/api/layers/parcel/features?bbox=113,23,113.1,23.1&asOf=" + q("0000-01-01T00:00:00Z"),
        400,
        "/problems/invalid-parameter");
  }

  /** The raw answer to a request line (and headers) written as they are, unencoded. */
  private String raw(String requestLineAndHeaders) throws Exception {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          (requestLineAndHeaders + "Host: localhost\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      try (InputStream in = socket.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  /**
   * Requests Tomcat refuses before Spring sees them, and those it forwards to the error page: a
   * problem, not Tomcat's HTML page or Spring Boot's JSON.
   */
  @Test
  void refusalsBeforeSpringAreProblemsToo() throws Exception {
    for (String request :
        new String[] {
          "GET /api/%00x HTTP/1.1\r\n",
          "GET /ogc/collections/parcel/items?a=|{}^ HTTP/1.1\r\n",
          "GET /ogc HTTP/1.1\r\nX-Bad: a\u0001b\r\n",
          "GET /ogc/collections/parcel/items?limit=%ZZ HTTP/1.1\r\n",
          "GET /ogc/collections/parcel/items?%00=1 HTTP/1.1\r\n",
          "GET /api/layers/parcel/features/;% HTTP/1.1\r\n",
          "GET /api/layers/parcel/features/;=% HTTP/1.1\r\n",
          "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\n"
        }) {
      String answer = raw(request);
      String shown = request.length() > 80 ? request.substring(0, 80) + "…" : request;
      assertThat(answer).as(shown).startsWith("HTTP/1.1 400");
      String head =
          answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase(java.util.Locale.ROOT);
      assertThat(head).as(shown).contains("content-type: application/problem+json");
      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      assertThat(body).as(shown).contains("\"type\":\"/problems/", "（").doesNotContain("<html");
    }
  }
}
