package cn.foshan.redline.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.RequestPath;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * A path Spring cannot parse (a broken %-escape in a path parameter, {@code /x;%}) is a 400 problem
 * before any other filter reads it; it was a 500 from Spring's own path filter.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class MalformedPathFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(MalformedPathFilter.class);

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      RequestPath.parse(request.getRequestURI(), request.getContextPath());
      // as Spring MVC decodes it whole (for a Content-Disposition, say): path parameters included,
      // which Tomcat takes off before it decodes the path, so a broken escape there reaches us
      UriUtils.decode(request.getRequestURI(), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      log.info("malformed path: {}", e.getMessage());
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      response
          .getOutputStream()
          .write(
              Problems.json(
                      400,
                      "bad-request",
                      "网址的路径无法读取：% 编码不完整或不对（the URL's path cannot be read: a %-escape is"
                          + " incomplete or wrong）")
                  .getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (nulInQuery(request.getQueryString())) {
      log.info("a NUL in the query string of {}", request.getRequestURI());
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      response
          .getOutputStream()
          .write(
              Problems.json(
                      400,
                      "invalid-parameter",
                      "参数中含有 NUL 字符（%00），不予处理（a parameter holds a NUL character, %00,"
                          + " which no parameter takes）")
                  .getBytes(StandardCharsets.UTF_8));
      return;
    }
    chain.doFilter(request, response);
  }

  /**
   * Whether a parameter of the query string holds a NUL: no parameter takes one, and PostgreSQL
   * cannot hold one, so it would fail wherever the value reaches SQL (after a streamed answer has
   * begun, even: a CSV cut off).
   */
  static boolean nulInQuery(String query) {
    if (query == null || !query.contains("%00")) {
      return false;
    }
    try {
      return java.net.URLDecoder.decode(query, StandardCharsets.UTF_8).indexOf('\u0000') >= 0;
    } catch (IllegalArgumentException e) {
      return false; // a broken escape: Tomcat's to refuse
    }
  }
}
