package cn.foshan.redline.system;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodReturnValueHandler;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Streamed responses (a {@link StreamingResponseBody}, alone or in a {@link ResponseEntity}) are
 * written by the thread serving the request, as the client reads them.
 *
 * <p>Spring MVC's own way hands them to an async executor instead, where a download is cut by the
 * container's async time limit (30 s in Tomcat: a layer exported over a slow line arrived truncated
 * behind a 200, or as a 503 while a file was still being made) and where at most 8 run at once (the
 * executor's threads; the ninth waits). Here a download lasts as long as its client keeps reading;
 * one that stops reading is cut by Tomcat's write timeout; one that goes away ends quietly.
 *
 * <p>A streamed response may hold a database connection (its cursor) until its client has read
 * everything, so at most {@code redline.streams.max-concurrent} of them run at once (fewer than the
 * pool holds: slow downloads never take every connection from the editors); one more waits up to
 * {@code redline.streams.max-wait} for its turn, then gets a 503 problem with Retry-After.
 */
@Component
class StreamedResponses
    implements HandlerMethodReturnValueHandler, SmartInitializingSingleton, OperationCustomizer {

  private static final Logger log = LoggerFactory.getLogger(StreamedResponses.class);

  private final RequestMappingHandlerAdapter adapter;
  private final Semaphore running;
  private final Duration maxWait;

  StreamedResponses(
      RequestMappingHandlerAdapter adapter,
      @Value("${redline.streams.max-concurrent}") int maxConcurrent,
      @Value("${redline.streams.max-wait}") Duration maxWait) {
    this.adapter = adapter;
    this.running = new Semaphore(maxConcurrent, true);
    this.maxWait = maxWait;
  }

  /** Puts this handler before Spring's own, which would take these return values first. */
  @Override
  public void afterSingletonsInstantiated() {
    List<HandlerMethodReturnValueHandler> handlers = new ArrayList<>();
    handlers.add(this);
    handlers.addAll(adapter.getReturnValueHandlers());
    adapter.setReturnValueHandlers(handlers);
  }

  /** The OpenAPI description of a streamed operation names its 503, with Retry-After. */
  @Override
  public Operation customize(Operation operation, HandlerMethod handlerMethod) {
    if (supportsReturnType(handlerMethod.getReturnType())) {
      if (operation.getResponses() == null) {
        operation.setResponses(new ApiResponses());
      }
      operation
          .getResponses()
          .addApiResponse(
              "503",
              new ApiResponse()
                  .description(
                      "Too many downloads are running at once (redline.streams.max-concurrent):"
                          + " try again after Retry-After seconds")
                  .addHeaderObject(
                      "Retry-After",
                      new Header().description("seconds").schema(new IntegerSchema())));
    }
    return operation;
  }

  @Override
  public boolean supportsReturnType(MethodParameter returnType) {
    Class<?> type = returnType.getParameterType();
    if (ResponseEntity.class.isAssignableFrom(type)) {
      type = ResolvableType.forMethodParameter(returnType).getGeneric().resolve(Object.class);
    }
    return StreamingResponseBody.class.isAssignableFrom(type);
  }

  @Override
  public void handleReturnValue(
      Object returnValue,
      MethodParameter returnType,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest)
      throws IOException, InterruptedException {
    if (!running.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
      throw ApiException.busy(
          "too-many-downloads",
          "Too many downloads are running at once; try again in a few seconds.",
          5);
    }
    try {
      write(returnValue, returnType, mavContainer, webRequest);
    } finally {
      running.release();
    }
  }

  private static void write(
      Object returnValue,
      MethodParameter returnType,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest)
      throws IOException {
    mavContainer.setRequestHandled(true);
    HttpServletResponse response = webRequest.getNativeResponse(HttpServletResponse.class);
    if (returnValue == null || response == null) {
      return;
    }
    ServletServerHttpResponse message = new ServletServerHttpResponse(response);
    Object body = returnValue;
    if (returnValue instanceof ResponseEntity<?> entity) {
      response.setStatus(entity.getStatusCode().value());
      message.getHeaders().putAll(entity.getHeaders());
      body = entity.getBody();
    }
    if (body == null) {
      message.flush();
      return;
    }
    try {
      OutputStream out = message.getBody(); // the status and headers are written now
      ((StreamingResponseBody) body).writeTo(out);
      out.flush();
    } catch (IOException e) {
      if (!DisconnectedClientHelper.isClientDisconnectedException(e)) {
        throw e;
      }
      // the client went away: nobody is left to answer
      log.debug("client went away during {}", returnType.getMethod(), e);
    }
  }
}
