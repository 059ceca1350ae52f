package cn.foshan.redline.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Accounts", description = "Who is logged in")
class MeController {

  record Me(String username, String displayName, Role role, String districtCode) {}

  @GetMapping("/api/me")
  @Operation(summary = "The logged-in user and role (401 when not logged in)")
  Me me() {
    AppUser user = UserAccounts.require();
    return new Me(user.username(), user.displayName(), user.role(), user.districtCode());
  }
}
