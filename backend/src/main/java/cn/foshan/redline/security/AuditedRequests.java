package cn.foshan.redline.security;

import cn.foshan.redline.maps.FeatureSource;
import cn.foshan.redline.maps.LayerCatalog;
import cn.foshan.redline.system.ServedRows;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the audit log records when they have been served (after the response is written, streamed
 * downloads included): every read of enterprises' figures (the efficiency API, the OGC collections
 * whose source needs a login) as READ_CONFIDENTIAL, or EXPORT when it asks for a file; every layer
 * export and plan report as EXPORT; the audit log's own reads as AUDIT_READ. Each with the path,
 * the query (bounded), the format and the rows served when the writer counted them. Only answers
 * that succeeded (2xx) are recorded; a read is never failed by its record.
 */
@Component
class AuditedRequests extends OncePerRequestFilter {

  /** Formats of the efficiency API that are reads for a page, not downloads. */
  private static final Set<String> PAGE_FORMATS = Set.of("", "json", "html");

  private final Audit audit;
  private final List<String> confidentialCollections;

  AuditedRequests(Audit audit, LayerCatalog catalog) {
    this.audit = audit;
    this.confidentialCollections =
        catalog.sources().stream()
            .filter(FeatureSource::loginRequired)
            .map(s -> "/ogc/collections/" + s.id())
            .toList();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(request, response);
    if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      return;
    }
    int status = response.getStatus();
    if (status < 200 || status >= 300) {
      return;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String action = action(path, request.getParameter("format"));
    if (action == null) {
      return;
    }
    Map<String, Object> detail = new LinkedHashMap<>();
    String query = request.getQueryString();
    if (query != null) {
      detail.put("query", query.length() > 1000 ? query.substring(0, 1000) + "…" : query);
    }
    String format = request.getParameter("format");
    if (format != null) {
      detail.put("format", format.length() > 20 ? format.substring(0, 20) : format);
    }
    detail.put("status", status);
    String object = path.length() > 300 ? path.substring(0, 300) : path;
    if (action.equals("READ_CONFIDENTIAL")) {
      audit.recordRead(object, ServedRows.of(request), detail);
    } else {
      audit.record(action, object, ServedRows.of(request), detail);
    }
  }

  /** What a successful GET of path records, or null for nothing. */
  String action(String path, String format) {
    if (path.startsWith("/api/admin/audit")) {
      return "AUDIT_READ";
    }
    if (path.startsWith("/api/exports/") || path.startsWith("/api/renovation/plans/report.")) {
      return "EXPORT";
    }
    boolean confidential = path.equals("/api/efficiency") || path.startsWith("/api/efficiency/");
    for (String collection : confidentialCollections) {
      confidential |= path.equals(collection) || path.startsWith(collection + "/");
    }
    if (!confidential) {
      return null;
    }
    return PAGE_FORMATS.contains(format == null ? "" : format) ? "READ_CONFIDENTIAL" : "EXPORT";
  }
}
