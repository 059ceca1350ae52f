package cn.foshan.redline.system;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * How many rows the current request served (an export, a page of enterprises' figures), noted by
 * whoever writes them and read by the audit log when the request ends. Outside a request, noting
 * does nothing.
 */
public final class ServedRows {

  private static final String ATTRIBUTE = ServedRows.class.getName();

  private ServedRows() {}

  /** Adds n rows to the current request's count. */
  public static void add(long n) {
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    if (request == null) {
      return;
    }
    Object before = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    long total = (before instanceof Long l ? l : 0L) + n;
    request.setAttribute(ATTRIBUTE, total, RequestAttributes.SCOPE_REQUEST);
  }

  /** The rows the request served, or null when nobody counted them. */
  public static Long of(HttpServletRequest request) {
    return request.getAttribute(ATTRIBUTE) instanceof Long l ? l : null;
  }
}
