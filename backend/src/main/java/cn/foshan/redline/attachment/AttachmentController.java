package cn.foshan.redline.attachment;

import cn.foshan.redline.security.UserAccounts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** Attachments of change sets and features: upload, list, download, withdraw. */
@RestController
@RequestMapping("/api/attachments")
@Tag(
    name = "Attachments",
    description =
        "附件: the 批文 scan behind a change set, site photos and survey reports on a feature (PDF,"
            + " JPEG, PNG)")
class AttachmentController {

  /**
   * The policy of a download: nothing in it may run or load anything, even if a browser were made
   * to show it (sandbox: no scripts, no same origin).
   */
  static final String DOWNLOAD_POLICY = "default-src 'none'; sandbox";

  private final Attachments attachments;

  AttachmentController(Attachments attachments) {
    this.attachments = attachments;
  }

  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(
      summary = "Attach a PDF, JPEG or PNG file to a change set or a feature (201; 200 if there)",
      description =
          "Name the target with changeSetId, or with layer and featureId. The file's kind is read"
              + " from its content (signature and structure) and must agree with its extension and"
              + " declared type (415 otherwise); a file of its kind that is cut short, carries data"
              + " after its end or HTML at its start is refused (422); one larger than"
              + " redline.attachments.max-size (20 MB) gets 413. Nothing is written then. The same"
              + " file (by SHA-256) on the same target answers the attachment already there (200)."
              + " Bureau and admin attach to anything; a district officer to their district's"
              + " features and their own change sets (403 otherwise, the database's rule too).")
  ResponseEntity<Attachments.Attachment> upload(
      @RequestParam("file") MultipartFile file,
      @Parameter(description = "the change set the file belongs to (its 批文)")
          @RequestParam(required = false)
          Long changeSetId,
      @Parameter(description = "cluster, red_line, reserve_land, village_park or parcel")
          @RequestParam(required = false)
          String layer,
      @Parameter(description = "the feature's id in the layer") @RequestParam(required = false)
          Long featureId,
      @Parameter(description = "what the file is (at most 500 characters)")
          @RequestParam(required = false)
          String note)
      throws IOException {
    var user = UserAccounts.require();
    Attachments.Target target = attachments.target(changeSetId, layer, featureId, true);
    Attachments.Added added =
        attachments.add(
            user,
            target,
            file::getInputStream,
            file.getOriginalFilename(),
            file.getContentType(),
            file.getSize(),
            note);
    return added.existing()
        ? ResponseEntity.ok(added.attachment())
        : ResponseEntity.created(URI.create("/api/attachments/" + added.attachment().id()))
            .body(added.attachment());
  }

  @GetMapping
  @Operation(
      summary = "The attachments of a change set or a feature, newest first (withdrawn ones too)",
      description =
          "A feature's attachments are read by whoever may read the feature; a change set's need a"
              + " login, as change sets do. At most 200 per page.")
  List<Attachments.Attachment> list(
      @RequestParam(required = false) Long changeSetId,
      @RequestParam(required = false) String layer,
      @RequestParam(required = false) Long featureId,
      @Parameter(description = "1 to 200 (100)") @RequestParam(defaultValue = "100") int limit,
      @RequestParam(defaultValue = "0") int offset) {
    Attachments.Target target =
        attachments.target(changeSetId, layer, featureId, UserAccounts.current().isPresent());
    return attachments.list(target, limit, offset);
  }

  @GetMapping("/{id}")
  @Operation(summary = "One attachment's description (not its content)")
  Attachments.Attachment get(@PathVariable long id) {
    return readable(attachments.get(id));
  }

  @GetMapping(
      value = "/{id}/content",
      produces = {"application/pdf", "image/jpeg", "image/png"})
  @Operation(
      summary = "Download an attachment (always as a file to save, never shown as a page)",
      description =
          "Content-Type is the stored type; Content-Disposition: attachment with the file name"
              + " (RFC 6266/5987, Chinese kept); X-Content-Type-Options: nosniff; a"
              + " Content-Security-Policy that sandboxes it; ETag is its SHA-256. Streamed from the"
              + " database in slices.")
  ResponseEntity<StreamingResponseBody> content(
      @PathVariable long id, HttpServletResponse response) {
    Attachments.Attachment a = readable(attachments.get(id));
    // set here, replacing the pages' policy the filter put on every response
    response.setHeader("Content-Security-Policy", DOWNLOAD_POLICY);
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_TYPE, a.mediaType())
        .header(HttpHeaders.CONTENT_LENGTH, Long.toString(a.sizeBytes()))
        .header(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(a.fileName()))
        .header("X-Content-Type-Options", "nosniff")
        .header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
        .header(HttpHeaders.ETAG, "\"" + a.sha256() + "\"")
        .body(out -> attachments.stream(a, out));
  }

  @PostMapping("/{id}/withdraw")
  @Operation(
      summary = "Mark an attachment withdrawn, with the reason (bureau and admin; kept, listed)")
  Attachments.Attachment withdraw(@PathVariable long id, @RequestBody Map<String, String> body) {
    // before the body is looked at (the database refuses it too)
    UserAccounts.requireCommits("只有市自然资源局能撤回附件（only the bureau withdraws an attachment）");
    return attachments.withdraw(id, body == null ? null : body.get("reason"));
  }

  /** The attachment, if this request may read its target (a change set's: a login). */
  private static Attachments.Attachment readable(Attachments.Attachment a) {
    if (a.changeSetId() != null && UserAccounts.current().isEmpty()) {
      throw cn.foshan.redline.system.ApiException.unauthorized(
          "login-required", "变更集的附件须登录后查看（log in to see a change set's attachments）");
    }
    return a;
  }

  /**
   * {@code attachment; filename="<ASCII stand-in>"; filename*=UTF-8''<the name, percent-encoded>}
   * (RFC 6266, RFC 5987): clients that read filename* get the name as it is, Chinese and all; the
   * others get the name with anything but safe ASCII replaced.
   */
  static String contentDisposition(String name) {
    StringBuilder ascii = new StringBuilder();
    name.codePoints()
        .forEach(
            cp ->
                ascii.append(
                    cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\' && cp != ';' && cp != '%'
                        ? (char) cp
                        : '_'));
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$&+-.^_`|~".indexOf(c) >= 0) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(String.format(java.util.Locale.ROOT, "%02X", c));
      }
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
  }
}
