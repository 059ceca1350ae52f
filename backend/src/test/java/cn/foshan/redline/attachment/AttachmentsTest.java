package cn.foshan.redline.attachment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.DemoCityTest;
import cn.foshan.redline.Multipart;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Attachments through the HTTP API on the demo city: each accepted kind stored with its checksum
 * and downloaded as a file; look-alikes, polyglots and oversized files refused with nothing
 * written; who may attach, in the service and in the database.
 */
class AttachmentsTest extends DemoCityTest {

  /** A parcel lying (by most of its area) in a district. */
  private long parcelIn(String district, int nth) {
    return jdbc.sql(
            "SELECT id FROM parcel WHERE district_code = :d AND district_of(geom) = :d"
                + " ORDER BY id OFFSET :n LIMIT 1")
        .param("d", district)
        .param("n", nth)
        .query(Long.class)
        .single();
  }

  private long count() {
    return jdbc.sql("SELECT count(*) FROM attachment").query(Long.class).single();
  }

  private HttpResponse<byte[]> upload(
      String user, String target, String fileName, String type, byte[] file, String note)
      throws Exception {
    Multipart form = new Multipart();
    for (String pair : target.split("&", -1)) {
      form.field(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }
    if (note != null) {
      form.field("note", note);
    }
    return new ServiceClient(port)
        .upload("/api/attachments", user, form.file("file", fileName, type, file));
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  private JsonNode uploaded(
      int status, String user, String target, String name, String type, byte[] file)
      throws Exception {
    HttpResponse<byte[]> r = upload(user, target, name, type, file, null);
    assertThat(r.statusCode()).as(name + ": " + text(r)).isEqualTo(status);
    return json(r.body());
  }

  @Test
  void eachKindIsStoredWithItsChecksumAndDownloadsAsAFile() throws Exception {
    long parcel = parcelIn("440604", 0);
    String target = "layer=parcel&featureId=" + parcel;
    Map<String, Object[]> files =
        Map.of(
            "批文扫描件 佛府函〔2026〕12号.pdf",
            new Object[] {"application/pdf", TestFiles.pdf("Foshan approval 2026-12")},
            "现场照片 东门.jpg",
            new Object[] {"image/jpeg", TestFiles.jpeg(64, 48)},
            "survey report; 100% final.png",
            new Object[] {"image/png", TestFiles.png(40, 30)});
    for (Map.Entry<String, Object[]> f : files.entrySet()) {
      String name = f.getKey();
      String type = (String) f.getValue()[0];
      byte[] bytes = (byte[]) f.getValue()[1];
      HttpResponse<byte[]> r = upload("bureau", target, name, type, bytes, "现场核查 site check");
      assertThat(r.statusCode()).as(name + ": " + text(r)).isEqualTo(201);
      JsonNode a = json(r.body());
      assertThat(a.get("fileName").asText()).isEqualTo(name);
      assertThat(a.get("mediaType").asText()).isEqualTo(type);
      assertThat(a.get("sizeBytes").asLong()).isEqualTo(bytes.length);
      assertThat(a.get("sha256").asText()).isEqualTo(TestFiles.sha256(bytes));
      assertThat(a.get("uploadedBy").asText()).isEqualTo("bureau");
      assertThat(a.get("note").asText()).isEqualTo("现场核查 site check");
      long id = a.get("id").asLong();
      // what the database holds is the file: its own checksum of its content
      Map<String, Object> stored =
          jdbc.sql(
                  "SELECT encode(sha256(content), 'hex') AS computed, encode(sha256, 'hex') AS kept,"
                      + " octet_length(content) AS size FROM attachment WHERE id = :id")
              .param("id", id)
              .query()
              .singleRow();
      assertThat(stored.get("computed")).isEqualTo(TestFiles.sha256(bytes));
      assertThat(stored.get("kept")).isEqualTo(TestFiles.sha256(bytes));
      assertThat(((Number) stored.get("size")).longValue()).isEqualTo(bytes.length);

      // downloaded by anyone who may read the parcel (the map is public): a file, never a page
      HttpResponse<byte[]> d = get("/api/attachments/" + id + "/content");
      assertThat(d.statusCode()).isEqualTo(200);
      assertThat(d.body()).isEqualTo(bytes);
      assertThat(d.headers().firstValue("Content-Type")).hasValue(type);
      assertThat(d.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(d.headers().allValues("Content-Security-Policy"))
          .containsExactly("default-src 'none'; sandbox");
      assertThat(d.headers().firstValueAsLong("Content-Length")).hasValue(bytes.length);
      String disposition = d.headers().firstValue("Content-Disposition").orElseThrow();
      assertThat(disposition).startsWith("attachment; filename=\"");
      String star = disposition.substring(disposition.indexOf("filename*=UTF-8''") + 17);
      assertThat(URLDecoder.decode(star.replace("+", "%2B"), StandardCharsets.UTF_8))
          .isEqualTo(name);
      String fallback =
          disposition.substring(
              "attachment; filename=\"".length(), disposition.indexOf("\"; filename*="));
      assertThat(fallback).doesNotContain("\"", "\\", ";").matches("[\\x20-\\x7e]+");

      // the same file again on the same parcel: the one there is
      HttpResponse<byte[]> again = upload("bureau", target, name, type, bytes, null);
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(json(again.body()).get("id").asLong()).isEqualTo(id);
    }
    JsonNode list = getJson("/api/attachments?" + target);
    assertThat(list).hasSize(3);
    assertThat(list.get(0).get("href").asText()).endsWith("/content");
    assertThat(list.get(0).has("content")).isFalse();
  }

  @Test
  void lookAlikesPolyglotsAndOversizedFilesAreRefusedAndNothingIsWritten() throws Exception {
    long parcel = parcelIn("440604", 1);
    String target = "layer=parcel&featureId=" + parcel;
    long before = count();
    byte[] png = TestFiles.png(20, 20);
    byte[] pdf = TestFiles.pdf("report");

    JsonNode renamed = uploaded(415, "bureau", target, "照片.pdf", "application/pdf", png);
    assertThat(renamed.get("detail").asText()).contains("照片.pdf", "PNG 图片", "不是PDF");

    byte[] html =
        "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
            .getBytes(StandardCharsets.UTF_8);
    JsonNode page = uploaded(415, "bureau", target, "批文.pdf", "application/pdf", html);
    assertThat(page.get("detail").asText()).contains("批文.pdf", "不是PDF");

    // a PDF header over a web page (what a sniffing browser would render)
    byte[] disguised =
        TestFiles.concat(
            "%PDF-1.4\n<html><script>alert(1)</script></html>\n".getBytes(StandardCharsets.UTF_8),
            Arrays.copyOfRange(pdf, 9, pdf.length));
    JsonNode polyglot = uploaded(422, "bureau", target, "a.pdf", "application/pdf", disguised);
    assertThat(polyglot.get("detail").asText()).contains("网页");

    // a PNG with a zip riding after its end; a PDF with data after its %%EOF
    byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 0, 0};
    JsonNode afterIend =
        uploaded(422, "bureau", target, "a.png", "image/png", TestFiles.concat(png, zip));
    assertThat(afterIend.get("detail").asText()).contains("IEND");
    JsonNode afterEof =
        uploaded(422, "bureau", target, "b.pdf", "application/pdf", TestFiles.concat(pdf, zip));
    assertThat(afterEof.get("detail").asText()).contains("%%EOF");
    JsonNode cut =
        uploaded(
            422,
            "bureau",
            target,
            "c.jpg",
            "image/jpeg",
            Arrays.copyOf(TestFiles.jpeg(30, 30), 200));
    assertThat(cut.get("detail").asText()).contains("FFD9");

    // name, declared type and content must agree; other kinds are not taken at all
    uploaded(415, "bureau", target, "photo.png", "image/jpeg", png);
    uploaded(415, "bureau", target, "page.html", "text/html", html);
    uploaded(415, "bureau", target, "noextension", "application/octet-stream", pdf);
    uploaded(400, "bureau", target, "empty.pdf", "application/pdf", new byte[0]);

    // one byte over the limit (20 MB): read and refused by the service
    byte[] big = new byte[20 * 1024 * 1024 + 1];
    System.arraycopy(pdf, 0, big, 0, pdf.length);
    JsonNode tooBig = uploaded(413, "bureau", target, "大文件.pdf", "application/pdf", big);
    assertThat(tooBig.get("detail").asText()).contains("大文件.pdf", "20 MB");
    assertThat(tooBig.get("type").asText()).isEqualTo("/problems/attachment-too-large");

    assertThat(count()).as("nothing was written").isEqualTo(before);
  }

  @Test
  void anUploadFarOverTheLimitIsRefusedBeforeItsBodyIsRead() throws Exception {
    long before = count();
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/attachments HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                  + ServiceClient.basic("bureau")
                  + "\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                  + "Content-Length: 104857600\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readNBytes(2048), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 413").contains("附件超过大小上限 20 MB");
    }
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void aDistrictOfficerAttachesInTheirDistrictOnlyInTheServiceAndInTheDatabase() throws Exception {
    long own = parcelIn("440604", 2);
    long other = parcelIn("440605", 0);
    byte[] photo = TestFiles.jpeg(32, 32);
    uploaded(201, "chancheng", "layer=parcel&featureId=" + own, "禅城 现场.jpg", "image/jpeg", photo);

    long before = count();
    JsonNode refused =
        uploaded(
            403, "chancheng", "layer=parcel&featureId=" + other, "南海.jpg", "image/jpeg", photo);
    String code =
        jdbc.sql("SELECT code FROM parcel WHERE id = :id")
            .param("id", other)
            .query(String.class)
            .single();
    assertThat(refused.get("detail").asText())
        .contains("宗地 " + code, "南海区")
        .doesNotContain("feature_id", "district_code");
    uploaded(403, "planner", "layer=parcel&featureId=" + own, "p.jpg", "image/jpeg", photo);
    assertThat(
            upload(null, "layer=parcel&featureId=" + own, "a.jpg", "image/jpeg", photo, null)
                .statusCode())
        .isEqualTo(401);

    // change sets: their own, not another's
    JsonNode mine =
        json(
            new ServiceClient(port)
                .send("POST", "/api/change-sets", "chancheng", Map.of("reason", "附件测试"))
                .body());
    JsonNode bureaus =
        json(
            new ServiceClient(port)
                .send("POST", "/api/change-sets", "bureau", Map.of("reason", "附件测试"))
                .body());
    byte[] scan = TestFiles.pdf("approval");
    uploaded(
        201,
        "chancheng",
        "changeSetId=" + mine.get("id").asLong(),
        "批文.pdf",
        "application/pdf",
        scan);
    JsonNode notMine =
        uploaded(
            403,
            "chancheng",
            "changeSetId=" + bureaus.get("id").asLong(),
            "批文.pdf",
            "application/pdf",
            scan);
    assertThat(notMine.get("detail").asText()).contains("自己的变更集");
    uploaded(
        201,
        "bureau",
        "changeSetId=" + mine.get("id").asLong(),
        "批文 复核.pdf",
        "application/pdf",
        TestFiles.pdf("review"));
    assertThat(count()).isEqualTo(before + 2);
    // a change set's attachments are read with a login, as change sets are
    assertThat(get("/api/attachments?changeSetId=" + mine.get("id").asLong()).statusCode())
        .isEqualTo(401);
    assertThat(
            new ServiceClient(port)
                .send(
                    "GET",
                    "/api/attachments?changeSetId=" + mine.get("id").asLong(),
                    "planner",
                    null)
                .statusCode())
        .isEqualTo(200);

    // the database holds the rule for every writer: the service's login acting for the officer
    try (Connection c =
            DriverManager.getConnection(
                TestDatabase.url(SCHEMA),
                TestDatabase.SERVICE_USER,
                TestDatabase.SERVICE_PASSWORD);
        Statement st = c.createStatement()) {
      st.execute("SELECT set_config('redline.actor', 'chancheng', false)");
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO attachment (layer, feature_id, file_name, media_type, size_bytes, sha256, content)"
                  + " VALUES ('parcel', ?, 'x.jpg', 'image/jpeg', ?, sha256(?::bytea), ?)")) {
        ps.setLong(1, other);
        ps.setLong(2, photo.length);
        ps.setBytes(3, photo);
        ps.setBytes(4, photo);
        assertThatThrownBy(ps::execute)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("南海区")
            .hasMessageContaining(code);
        ps.setLong(1, own);
        byte[] other2 = TestFiles.jpeg(33, 33);
        ps.setLong(2, other2.length);
        ps.setBytes(3, other2);
        ps.setBytes(4, other2);
        ps.execute();
      }
      // nobody may change or delete one; the officer may not withdraw one
      assertThatThrownBy(() -> st.execute("DELETE FROM attachment"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(
              () ->
                  st.execute(
                      "UPDATE attachment SET withdrawal_reason = 'x', withdrawn_at = now(),"
                          + " withdrawn_by = 'chancheng'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("只有市自然资源局");
      // and a content whose type is not what it says is refused by the database itself
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO attachment (layer, feature_id, file_name, media_type, size_bytes, sha256, content)"
                  + " VALUES ('parcel', ?, 'x.pdf', 'application/pdf', ?, sha256(?::bytea), ?)")) {
        byte[] html = "<html><script>1</script></html>".getBytes(StandardCharsets.UTF_8);
        ps.setLong(1, own);
        ps.setLong(2, html.length);
        ps.setBytes(3, html);
        ps.setBytes(4, html);
        assertThatThrownBy(ps::execute).isInstanceOf(SQLException.class);
      }
    }
    assertThat(count()).isEqualTo(before + 3);
    // the shared demo city left as found: the two drafts discarded, with their attachments
    for (var draft : Map.of("chancheng", mine, "bureau", bureaus).entrySet()) {
      assertThat(
              new ServiceClient(port)
                  .send(
                      "DELETE",
                      "/api/change-sets/" + draft.getValue().get("id").asLong(),
                      draft.getKey(),
                      null)
                  .statusCode())
          .isEqualTo(204);
    }
    assertThat(count()).isEqualTo(before + 1);
  }

  @Test
  void theBureauWithdrawsAnAttachmentWhichStaysListedAsWithdrawn() throws Exception {
    long parcel = parcelIn("440606", 0);
    JsonNode a =
        uploaded(
            201,
            "shunde",
            "layer=parcel&featureId=" + parcel,
            "报告.pdf",
            "application/pdf",
            TestFiles.pdf("shunde"));
    long id = a.get("id").asLong();
    ServiceClient client = new ServiceClient(port);
    HttpResponse<byte[]> byOfficer =
        client.send(
            "POST", "/api/attachments/" + id + "/withdraw", "shunde", Map.of("reason", "传错了"));
    assertThat(byOfficer.statusCode()).isEqualTo(403);
    assertThat(
            client
                .send("POST", "/api/attachments/" + id + "/withdraw", "bureau", Map.of())
                .statusCode())
        .isEqualTo(400);
    HttpResponse<byte[]> byBureau =
        client.send(
            "POST", "/api/attachments/" + id + "/withdraw", "bureau", Map.of("reason", "传错了文件"));
    assertThat(byBureau.statusCode()).as(text(byBureau)).isEqualTo(200);
    JsonNode withdrawn = json(byBureau.body());
    assertThat(withdrawn.get("withdrawnBy").asText()).isEqualTo("bureau");
    assertThat(withdrawn.get("withdrawalReason").asText()).isEqualTo("传错了文件");
    assertThat(
            client
                .send(
                    "POST",
                    "/api/attachments/" + id + "/withdraw",
                    "bureau",
                    Map.of("reason", "again"))
                .statusCode())
        .isEqualTo(403);
    JsonNode list = getJson("/api/attachments?layer=parcel&featureId=" + parcel);
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("withdrawnAt").isNull()).isFalse();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM audit_event WHERE object = :o AND action IN ('ATTACHMENT_ADDED', 'ATTACHMENT_WITHDRAWN')")
                .param("o", "attachment/" + id)
                .query(Long.class)
                .single())
        .isEqualTo(2);
  }
}
