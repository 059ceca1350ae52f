package cn.foshan.redline.attachment;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An upload of an attachment larger than the limit (by its Content-Length, with room for the
 * multipart framing and the other fields) is refused before its body is read: a 413 problem, in
 * Chinese first, and nothing of it is stored, not even in a temporary file. (A body sent without a
 * length is held to the servlet's multipart limit, redline.io.max-upload, and then to the
 * attachment limit by the service.)
 */
@Component
class UploadLimit extends OncePerRequestFilter {

  /** Room for the multipart framing, the note and the target. */
  static final long FRAMING = 64 * 1024;

  private final AttachmentProperties properties;

  UploadLimit(AttachmentProperties properties) {
    this.properties = properties;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !"POST".equals(request.getMethod()) || !path.equals("/api/attachments");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long max = properties.maxSize().toBytes();
    if (request.getContentLengthLong() > max + FRAMING) {
      String mb = FileKinds.megabytes(max);
      response.setStatus(413);
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      response.setHeader("Connection", "close");
      response
          .getOutputStream()
          .write(
              ("{\"type\":\"/problems/attachment-too-large\",\"title\":\"Attachment too large\","
                      + "\"status\":413,\"detail\":\"附件超过大小上限 "
                      + mb
                      + "（the attachment is larger than the limit of "
                      + mb
                      + "）\"}")
                  .getBytes(StandardCharsets.UTF_8));
      return;
    }
    chain.doFilter(request, response);
  }
}
