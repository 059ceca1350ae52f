package cn.foshan.redline.security;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** The accounts (table app_user), and who is asking. */
@Service
public class UserAccounts implements UserDetailsService {

  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;
  private final String selectSql = SqlFiles.load("security/select_user.sql");
  private final String insertSql = SqlFiles.load("security/insert_user.sql");

  UserAccounts(JdbcClient jdbc, PasswordEncoder passwords) {
    this.jdbc = jdbc;
    this.passwords = passwords;
  }

  @Override
  public AppUser loadUserByUsername(String username) {
    return jdbc.sql(selectSql)
        .param("username", username)
        .query(
            (rs, n) ->
                new AppUser(
                    rs.getString("username"),
                    rs.getString("display_name"),
                    rs.getString("password_hash"),
                    Role.valueOf(rs.getString("role")),
                    rs.getString("district_code"),
                    rs.getBoolean("enabled")))
        .optional()
        .orElseThrow(() -> new UsernameNotFoundException("no user " + username));
  }

  /**
   * Adds an account, its password hashed, through the given connection: the service's (an
   * administrator acting) or the schema owner's (set-up).
   */
  public void create(
      JdbcClient on,
      String username,
      String displayName,
      String password,
      Role role,
      String districtCode) {
    on.sql(insertSql)
        .param("username", username)
        .param("display_name", displayName)
        .param("password_hash", passwords.encode(password))
        .param("role", role.name())
        .param("district_code", districtCode)
        .update();
  }

  public boolean none() {
    return jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM app_user)").query(Boolean.class).single();
  }

  /** The user of this request, if logged in. */
  public static Optional<AppUser> current() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth != null && auth.getPrincipal() instanceof AppUser user
        ? Optional.of(user)
        : Optional.empty();
  }

  /** The user of this request; a 401 problem if nobody is logged in. */
  public static AppUser require() {
    return current()
        .orElseThrow(
            () ->
                new ApiException(
                    HttpStatus.UNAUTHORIZED, "login-required", "Unauthorized", "Please log in"));
  }
}
