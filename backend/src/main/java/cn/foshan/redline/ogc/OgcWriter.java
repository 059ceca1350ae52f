package cn.foshan.redline.ogc;

import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** An encoding of the documents: {@link OgcJsonWriter} or {@link OgcHtmlWriter}. */
interface OgcWriter {

  /** The answer with this document, its status, headers and body. */
  ResponseEntity<String> write(OgcDocument document);

  /** The answer with a page of features, streamed. */
  ResponseEntity<StreamingResponseBody> write(OgcItems items);
}
