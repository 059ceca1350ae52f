package cn.foshan.redline.system;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Container;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's own refusals as RFC 9457 problems instead of its HTML page: requests it turns away
 * before Spring sees them (a character not allowed in the URL or in a header, a malformed request
 * line, too long a URL or too large headers, an HTTP version it does not speak: 400, 414, 431,
 * 505…). It takes the place of Tomcat's ErrorReportValve on the host; the body says what went
 * wrong, Chinese first, and nothing of Tomcat.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

  private static final Logger log = LoggerFactory.getLogger(ProblemErrorReportValve.class);

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    if (throwable != null && status >= 500) {
      log.warn("failed in Tomcat with {}", status, throwable);
    } else if (throwable != null) {
      log.info("refused by Tomcat with {}: {}", status, throwable.toString());
    }
    String json = Problems.json(status, Problems.slug(status), Problems.sentence(status));
    try {
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(json);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client is gone, or the response is done: nothing more to say
      log.debug("could not write the problem of a refused request", e);
    }
  }

  /**
   * Puts this valve in place of the host's error report valve(s) just before the host starts (so
   * after every customizer, Spring Boot's own included, has added its valves).
   */
  public static void install(Container host) {
    host.addLifecycleListener(
        event -> {
          if (!Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
            return;
          }
          Host h = (Host) event.getLifecycle();
          for (Valve v : h.getPipeline().getValves()) {
            if (v instanceof ErrorReportValve && !(v instanceof ProblemErrorReportValve)) {
              h.getPipeline().removeValve(v);
            }
          }
          if (h instanceof StandardHost standard) {
            standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
          }
          ProblemErrorReportValve valve = new ProblemErrorReportValve();
          valve.setShowReport(false);
          valve.setShowServerInfo(false);
          h.getPipeline().addValve(valve);
        });
  }
}
