package cn.foshan.redline;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body as a browser's form sends it: named fields and files, in the
 * order they are added. The one way the tests and benchmarks build an upload.
 */
public final class Multipart {

  private final String boundary = "----redline" + UUID.randomUUID();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  /** A form with these fields, given as name, value, name, value… */
  public static Multipart of(Object... fields) {
    Multipart form = new Multipart();
    for (int i = 0; i < fields.length; i += 2) {
      form.field(String.valueOf(fields[i]), fields[i + 1]);
    }
    return form;
  }

  public Multipart field(String name, Object value) {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
    write(value + "\r\n");
    return this;
  }

  /** The part named {@code file}, sent as {@code application/octet-stream}. */
  public Multipart file(String fileName, byte[] content) {
    return file("file", fileName, "application/octet-stream", content);
  }

  public Multipart file(String name, String fileName, String type, byte[] content) {
    write(
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: "
            + type
            + "\r\n\r\n");
    body.writeBytes(content);
    write("\r\n");
    return this;
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The body, closed by the final boundary. */
  public HttpRequest.BodyPublisher publisher() {
    ByteArrayOutputStream closed = new ByteArrayOutputStream(body.size() + 64);
    closed.writeBytes(body.toByteArray());
    closed.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HttpRequest.BodyPublishers.ofByteArray(closed.toByteArray());
  }

  private void write(String text) {
    body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
