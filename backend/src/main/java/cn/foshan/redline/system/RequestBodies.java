package cn.foshan.redline.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Request bodies that are not file uploads (JSON, CQL2, login forms) are read here whole, before
 * anything parses them, within three bounds:
 *
 * <ul>
 *   <li>at most {@code redline.http.max-body} bytes (413 problem; a Content-Length above it is
 *       refused before a byte is read, a chunked body as soon as it passes it);
 *   <li>within {@code redline.http.max-body-time} from the first byte to the last (408 problem): a
 *       client trickling a byte a second holds a worker thread no longer (Tomcat's {@code
 *       connection-timeout} ends one that sends nothing);
 *   <li>at most {@code redline.http.max-concurrent-bodies} bodies being read at once, fewer than
 *       Tomcat's worker threads; one more is answered 503 with Retry-After at once, so that slow
 *       senders never take every thread from the requests without a body.
 * </ul>
 *
 * <p>Multipart uploads are left to the multipart limits (redline.io.max-upload) and the import
 * slots.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestBodies extends OncePerRequestFilter {

  private final long maxBytes;
  private final Duration maxTime;
  private final Semaphore reading;
  private final ObjectMapper json;

  RequestBodies(
      @Value("${redline.http.max-body}") DataSize maxBody,
      @Value("${redline.http.max-body-time}") Duration maxTime,
      @Value("${redline.http.max-concurrent-bodies}") int maxConcurrent,
      ObjectMapper json) {
    this.maxBytes = maxBody.toBytes();
    this.maxTime = maxTime;
    this.reading = new Semaphore(maxConcurrent);
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    boolean hasBody = declared > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    String type = request.getContentType();
    if (!hasBody || (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/"))) {
      chain.doFilter(request, response);
      return;
    }
    if (declared > maxBytes) {
      refuse(request, response, tooLarge());
      return;
    }
    if (!reading.tryAcquire()) {
      refuse(
          request,
          response,
          ApiException.busy(
              "too-many-bodies",
              "同时上传请求内容的连接过多，请稍后再试（Too many requests are sending their bodies at"
                  + " once; try again in a few seconds）",
              5));
      return;
    }
    byte[] body;
    try {
      body = read(request.getInputStream());
    } catch (ApiException e) {
      refuse(request, response, e);
      return;
    } catch (IOException e) {
      // Tomcat's read timeout (connection-timeout), or the client went away
      refuse(request, response, tooSlow());
      return;
    } finally {
      reading.release();
    }
    chain.doFilter(new ReadBody(request, body), response);
  }

  /** The whole body, within the bounds of size and time. */
  private byte[] read(InputStream in) throws IOException {
    long deadline = System.nanoTime() + maxTime.toNanos();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      if (out.size() + (long) n > maxBytes) {
        throw tooLarge();
      }
      out.write(buffer, 0, n);
      if (System.nanoTime() - deadline > 0) {
        throw tooSlow();
      }
    }
    return out.toByteArray();
  }

  private ApiException tooLarge() {
    return ApiException.tooLarge(
        "body-too-large",
        "Body too large",
        "请求内容超过 "
            + DataSize.ofBytes(maxBytes).toKilobytes()
            + " KB，不予接受（The request body is larger than "
            + DataSize.ofBytes(maxBytes).toKilobytes()
            + " KB; files go to the import endpoints）");
  }

  private ApiException tooSlow() {
    return ApiException.requestTimeout(
        "body-too-slow",
        "Body too slow",
        "请求内容未能在 "
            + maxTime.toSeconds()
            + " 秒内送达（The request body did not arrive within "
            + maxTime.toSeconds()
            + " s）");
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, ApiException e)
      throws IOException {
    dropRestOfBody(request);
    response.setStatus(e.status().value());
    e.headers().forEach(response::setHeader);
    // the rest of a refused body is not read: the connection ends with this answer
    response.setHeader(HttpHeaders.CONNECTION, "close");
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(json.writeValueAsString(e.toProblem()));
    // sent now: Tomcat would otherwise first read (swallow) the rest of the body, and a client
    // trickling it would wait that long for the answer
    response.flushBuffer();
  }

  /**
   * Tells Tomcat not to read the rest of a refused body once answered (it would, to keep the
   * connection: a client trickling a byte a second would hold the thread for as long), but to close
   * the connection. Tomcat offers no API for it to an application: its request is reached through
   * its facade's field. Elsewhere than in Tomcat, nothing is done.
   */
  private static void dropRestOfBody(HttpServletRequest request) {
    ServletRequest r = request;
    while (r instanceof ServletRequestWrapper wrapper) {
      r = wrapper.getRequest();
    }
    if (!(r instanceof org.apache.catalina.connector.RequestFacade)) {
      return;
    }
    try {
      Field field = org.apache.catalina.connector.RequestFacade.class.getDeclaredField("request");
      field.setAccessible(true);
      org.apache.catalina.connector.Request tomcat =
          (org.apache.catalina.connector.Request) field.get(r);
      tomcat.getCoyoteRequest().action(org.apache.coyote.ActionCode.DISABLE_SWALLOW_INPUT, null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // another Tomcat than we know: it reads the rest as it will
    }
  }

  /** The request with its body read: from memory, with a form's parameters parsed from it. */
  private static final class ReadBody extends HttpServletRequestWrapper {

    private final byte[] body;
    private Map<String, String[]> parameters;

    ReadBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("the body has been read already");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      return new BufferedReader(new InputStreamReader(getInputStream(), charset()));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }

    private Charset charset() {
      String name = getCharacterEncoding();
      try {
        return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
      } catch (IllegalArgumentException e) {
        return StandardCharsets.UTF_8;
      }
    }

    /** The query's parameters and, for a form, the body's (the container reads neither now). */
    private Map<String, String[]> parameters() {
      if (parameters == null) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        super.getParameterMap()
            .forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).addAll(List.of(v)));
        String type = getContentType();
        if (type != null
            && type.toLowerCase(Locale.ROOT)
                .startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
          Charset charset = charset();
          for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&", -1)) {
            if (pair.isEmpty()) {
              continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
              all.computeIfAbsent(decode(key, charset), x -> new ArrayList<>())
                  .add(decode(value, charset));
            } catch (IllegalArgumentException e) {
              // a malformed pair is skipped, as the container does
            }
          }
        }
        Map<String, String[]> result = new LinkedHashMap<>();
        all.forEach((k, v) -> result.put(k, v.toArray(String[]::new)));
        parameters = Collections.unmodifiableMap(result);
      }
      return parameters;
    }

    private static String decode(String text, Charset charset) {
      return URLDecoder.decode(text, charset);
    }

    @Override
    public String getParameter(String name) {
      String[] values = parameters().get(name);
      return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public Map<String, String[]> getParameterMap() {
      return parameters();
    }

    @Override
    public Enumeration<String> getParameterNames() {
      return Collections.enumeration(parameters().keySet());
    }

    @Override
    public String[] getParameterValues(String name) {
      return parameters().get(name);
    }
  }
}
