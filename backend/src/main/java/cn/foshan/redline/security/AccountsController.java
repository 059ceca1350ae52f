package cn.foshan.redline.security;

import cn.foshan.redline.security.UserAccounts.Account;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The administrator's accounts: list, create, reset a password, disable or enable. ADMIN only (the
 * security filter refuses everyone else before the request is read, and the database's row-level
 * security lets only an ADMIN write app_user); the rules are UserAccounts', the same as {@code
 * ./redline user}'s. No answer carries a password hash.
 */
@RestController
@RequestMapping("/api/admin/users")
@Tag(name = "Administration", description = "Accounts (administrator only)")
class AccountsController {

  /** The most accounts one page lists. */
  static final int MAX_LIMIT = 500;

  private final JdbcClient jdbc;
  private final UserAccounts accounts;

  AccountsController(JdbcClient jdbc, UserAccounts accounts) {
    this.jdbc = jdbc;
    this.accounts = accounts;
  }

  record NewAccount(
      String username, String password, Role role, String districtCode, String displayName) {}

  record NewPassword(String password) {}

  record Enabled(Boolean enabled) {}

  @GetMapping
  @Operation(summary = "The accounts, by user name, a page at a time (no password hashes)")
  List<Account> list(
      @Parameter(description = "accounts to skip") @RequestParam(defaultValue = "0") int offset,
      @Parameter(description = "at most this many (1–500)") @RequestParam(defaultValue = "100")
          int limit) {
    PageLimits.check(limit, offset, MAX_LIMIT, Long.MAX_VALUE);
    return accounts.list(jdbc, offset, limit);
  }

  @PostMapping
  @Operation(
      summary =
          "Create an account (username, password, role, districtCode for a district officer,"
              + " displayName)")
  @ApiResponses({
    @ApiResponse(responseCode = "201", description = "created: the account"),
    @ApiResponse(
        responseCode = "409",
        description = "the user name is taken (/problems/user-exists)"),
    @ApiResponse(
        responseCode = "422",
        description =
            "a malformed name, a password under 10 characters or equal to the name, a district"
                + " officer without a district of the city or another role with one")
  })
  ResponseEntity<Account> create(@RequestBody NewAccount body) {
    Account created =
        accounts.create(
            jdbc,
            body.username(),
            body.displayName(),
            body.password(),
            body.role(),
            body.districtCode());
    return ResponseEntity.created(URI.create("/api/admin/users/" + created.username()))
        .body(created);
  }

  @PutMapping("/{username}/password")
  @Operation(summary = "Set an account's password (the same rules as a new account's)")
  @ApiResponses({
    @ApiResponse(responseCode = "204", description = "set"),
    @ApiResponse(responseCode = "404", description = "no such account"),
    @ApiResponse(responseCode = "422", description = "a weak password (/problems/weak-password)")
  })
  ResponseEntity<Void> setPassword(@PathVariable String username, @RequestBody NewPassword body) {
    accounts.setPassword(jdbc, username, body.password());
    return ResponseEntity.noContent().build();
  }

  @PatchMapping("/{username}")
  @Operation(
      summary =
          "Disable or enable an account ({\"enabled\": false}); a disabled account cannot log in"
              + " and is nobody to the database. An administrator cannot disable their own")
  @ApiResponses({
    @ApiResponse(responseCode = "200", description = "the account"),
    @ApiResponse(responseCode = "404", description = "no such account"),
    @ApiResponse(responseCode = "409", description = "one's own account (/problems/own-account)")
  })
  Account setEnabled(@PathVariable String username, @RequestBody Enabled body) {
    if (body.enabled() == null) {
      throw ApiException.unprocessable(
          "enabled-required", "须给出 enabled: true 或 false（enabled required）");
    }
    if (!body.enabled() && username.equals(UserAccounts.require().username())) {
      throw ApiException.conflict("own-account", "不能停用自己的账户（you cannot disable your own account）");
    }
    return accounts.setEnabled(jdbc, username, body.enabled());
  }
}
