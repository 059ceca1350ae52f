package cn.foshan.redline.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Accounts", description = "Who is logged in")
class MeController {

  record Me(String username, String displayName, Role role, String districtCode) {}

  /** Who is on the page: the user, or null for a visitor. */
  record Session(Me user) {}

  @GetMapping("/api/me")
  @Operation(summary = "The logged-in user and role (401 when not logged in)")
  Me me() {
    AppUser user = UserAccounts.require();
    return new Me(user.username(), user.displayName(), user.role(), user.districtCode());
  }

  @GetMapping("/api/session")
  @Operation(
      summary = "Who is on the page: {\"user\": …} as /api/me, or {\"user\": null} for a visitor",
      description =
          "200 either way, so that a page asking for a visitor finds no error in the browser's"
              + " console (as /api/me's 401 would be); sets the CSRF cookie as /api/me does.")
  Session session() {
    AppUser user = UserAccounts.current().orElse(null);
    return new Session(
        user == null
            ? null
            : new Me(user.username(), user.displayName(), user.role(), user.districtCode()));
  }
}
