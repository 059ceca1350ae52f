package cn.foshan.redline.security;

import cn.foshan.redline.security.ApiTokens.NewToken;
import cn.foshan.redline.security.ApiTokens.Token;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.PageLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * API tokens: a user's own under {@code /api/me/tokens} (any role: list, create, revoke), anyone's
 * under {@code /api/admin/tokens} (the administrator: list, revoke). A token is made only by a
 * password login (the page's session or HTTP Basic), never by another token, so that a token that
 * leaks cannot make itself a successor that outlives its revocation. The database holds the same
 * rules (V24): a token is made for its actor only, seen and revoked by its owner or an
 * administrator.
 */
@RestController
@Tag(name = "Accounts", description = "Who is logged in")
class ApiTokensController {

  private final ApiTokens tokens;

  ApiTokensController(ApiTokens tokens) {
    this.tokens = tokens;
  }

  record NewTokenRequest(String name, Integer expiresInDays) {}

  @GetMapping("/api/me/tokens")
  @Operation(summary = "My API tokens, newest first (never their secrets)")
  List<Token> mine(
      @Parameter(description = "tokens to skip") @RequestParam(defaultValue = "0") int offset,
      @Parameter(description = "at most this many (1–1000)") @RequestParam(defaultValue = "100")
          int limit) {
    PageLimits.check(limit, offset);
    return tokens.list(UserAccounts.require().username(), offset, limit);
  }

  @PostMapping("/api/me/tokens")
  @Operation(
      summary =
          "Make an API token for myself: {\"name\": \"QGIS office\", \"expiresInDays\": 90}"
              + " (expiresInDays optional: none = until revoked). The answer's secret is shown"
              + " this once; send it as Authorization: Bearer <secret>. It acts with my role and"
              + " district. Needs a password login (a session or HTTP Basic), not a token")
  @ApiResponses({
    @ApiResponse(responseCode = "201", description = "made: the token and its secret"),
    @ApiResponse(
        responseCode = "403",
        description = "asked with an API token (/problems/forbidden)"),
    @ApiResponse(
        responseCode = "409",
        description = "50 active tokens already (/problems/too-many-tokens)"),
    @ApiResponse(
        responseCode = "422",
        description = "no name, a name over 100 characters, expiresInDays not 1–3650")
  })
  ResponseEntity<NewToken> create(@RequestBody NewTokenRequest body) {
    if (SecurityContextHolder.getContext().getAuthentication()
        instanceof BearerTokens.TokenAuthentication) {
      throw ApiException.forbidden(
          "API 令牌不能用来创建令牌，请用密码登录后创建（an API token cannot make tokens: log in with"
              + " your password）");
    }
    NewToken made = tokens.create(UserAccounts.require(), body.name(), body.expiresInDays());
    return ResponseEntity.created(URI.create("/api/me/tokens/" + made.token().id())).body(made);
  }

  @DeleteMapping("/api/me/tokens/{id}")
  @Operation(summary = "Revoke one of my API tokens: it stops working at once")
  @ApiResponses({
    @ApiResponse(responseCode = "200", description = "revoked: the token"),
    @ApiResponse(
        responseCode = "404",
        description = "I have no such token (/problems/unknown-token)"),
    @ApiResponse(responseCode = "409", description = "revoked already (/problems/token-revoked)")
  })
  Token revokeMine(@PathVariable long id) {
    return tokens.revoke(id, UserAccounts.require().username());
  }

  @GetMapping("/api/admin/tokens")
  @Operation(summary = "Everyone's API tokens, newest first, or one account's (administrator only)")
  List<Token> all(
      @Parameter(description = "only this account's") @RequestParam(required = false)
          String username,
      @Parameter(description = "tokens to skip") @RequestParam(defaultValue = "0") int offset,
      @Parameter(description = "at most this many (1–1000)") @RequestParam(defaultValue = "100")
          int limit) {
    PageLimits.check(limit, offset);
    return tokens.list(username == null || username.isBlank() ? null : username, offset, limit);
  }

  @DeleteMapping("/api/admin/tokens/{id}")
  @Operation(summary = "Revoke anyone's API token (administrator only)")
  @ApiResponses({
    @ApiResponse(responseCode = "200", description = "revoked: the token"),
    @ApiResponse(responseCode = "404", description = "no such token (/problems/unknown-token)"),
    @ApiResponse(responseCode = "409", description = "revoked already (/problems/token-revoked)")
  })
  Token revokeAny(@PathVariable long id) {
    return tokens.revoke(id, null);
  }
}
