package cn.foshan.redline.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page ({@code /error}) that the servlet container forwards to when something below
 * Spring MVC refuses a request (a malformed query string, a sendError of a filter): a problem, in
 * place of Spring Boot's own JSON or HTML page. With {@link ProblemErrorReportValve} (installed
 * here), every refusal is application/problem+json, whoever makes it.
 */
@RestController
class ProblemErrorController implements ErrorController {

  private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

  @Bean
  static WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
    return factory ->
        factory.addContextCustomizers(
            context -> ProblemErrorReportValve.install(context.getParent()));
  }

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i && i >= 400 ? i : HttpStatus.NOT_FOUND.value();
    Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
    for (Throwable t = failure instanceof Throwable f ? f : null; t != null; t = t.getCause()) {
      if (t instanceof RequestRejectedException) {
        log.info("request rejected: {}", t.getMessage());
        return ResponseEntity.badRequest()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .body(Problems.rejected());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    if (failure instanceof Throwable t) {
      if (status >= 500) {
        log.error("failure forwarded to the error page", t);
      } else {
        log.info("refused before Spring MVC with {}: {}", status, t.toString());
      }
    }
    ProblemDetail p = ProblemDetail.forStatus(status);
    p.setType(URI.create("/problems/" + Problems.slug(status)));
    p.setTitle(Problems.title(status));
    p.setDetail(Problems.sentence(status));
    if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
      p.setInstance(
          URI.create(
              java.net.URLEncoder.encode(uri, java.nio.charset.StandardCharsets.UTF_8)
                  .replace("%2F", "/")));
    }
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
  }
}
