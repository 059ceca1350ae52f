package cn.foshan.redline.security;

import cn.foshan.redline.system.ActingDataSource;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.TextLimits;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * The accounts (table app_user), and who is asking. The one place accounts are made and changed —
 * by the administrator's page (AccountsController, as the service acting for an administrator: the
 * database's row-level security lets only an ADMIN write app_user), by {@code ./redline user}
 * (AccountsCommand, as the schema's owner) and by the demo — so the rules of a name, a role's
 * district and a password, and the hashing, are the same for all of them.
 */
@Service
public class UserAccounts implements UserDetailsService {

  /** The shortest password accepted. */
  public static final int MIN_PASSWORD_LENGTH = 10;

  /** The longest, in UTF-8 bytes: BCrypt reads no more than 72. */
  public static final int MAX_PASSWORD_BYTES = 72;

  /** A user name, as app_user's CHECK has it (V4). */
  private static final Pattern USERNAME = Pattern.compile("^[a-z][a-z0-9_.-]{2,31}$");

  /** An account as the administrator sees it: no password hash. */
  public record Account(
      String username,
      String displayName,
      Role role,
      String districtCode,
      boolean enabled,
      OffsetDateTime createdAt) {}

  private final JdbcClient jdbc;
  private final PasswordEncoder passwords;
  private final String selectSql = SqlFiles.load("security/select_user.sql");
  private final String insertSql = SqlFiles.load("security/insert_user.sql");
  private final String loginSql = SqlFiles.load("security/login_account.sql");
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "security",
          "select_accounts",
          "update_password",
          "update_enabled",
          "select_district_names");

  /**
   * How passwords are hashed, here and in the service's login check (BCrypt, {bcrypt} prefixed).
   */
  static PasswordEncoder encoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  UserAccounts(JdbcClient jdbc, PasswordEncoder passwords) {
    this.jdbc = jdbc;
    this.passwords = passwords;
  }

  @Override
  public AppUser loadUserByUsername(String username) {
    return jdbc.sql(selectSql)
        .param("username", username)
        .query(UserAccounts::user)
        .optional()
        .orElseThrow(() -> new UsernameNotFoundException("no user " + username));
  }

  /**
   * The account a login (form or HTTP Basic) names, for its password check, in one statement that
   * names its connection for nobody before it looks and for the account, if enabled, after (V52):
   * the request's own statements, once the password is found right, need no naming of their own.
   */
  AppUser logIn(ActingDataSource logins, String username) {
    return logins
        .lookUp(
            (on, clientAddr, userAgent) -> {
              Optional<Map.Entry<AppUser, String>> row =
                  on.sql(loginSql)
                      .param("username", username)
                      .param("client_addr", clientAddr)
                      .param("user_agent", userAgent)
                      .query((rs, n) -> Map.entry(user(rs, n), rs.getString("named_for")))
                      .optional();
              return new ActingDataSource.Found<>(
                  row.map(Map.Entry::getKey), row.map(Map.Entry::getValue).orElse(""));
            })
        .orElseThrow(() -> new UsernameNotFoundException("no user " + username));
  }

  private static AppUser user(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new AppUser(
        rs.getString("username"),
        rs.getString("display_name"),
        rs.getString("password_hash"),
        Role.valueOf(rs.getString("role")),
        rs.getString("district_code"),
        rs.getBoolean("enabled"));
  }

  /**
   * Adds an account, its password hashed, through the given connection: the service's (an
   * administrator acting) or the schema owner's (set-up). Refused (an ApiException with a
   * Chinese-first message) for a malformed or taken name, a district officer without a district of
   * the city or another role with one, a display name over 200 characters, or a weak password.
   */
  public Account create(
      JdbcClient on,
      String username,
      String displayName,
      String password,
      Role role,
      String districtCode) {
    checkUsername(username);
    if (role == null) {
      throw refused("role-required", "须指定角色：admin、bureau、district 或 planner（role required）");
    }
    String district = districtCode == null || districtCode.isBlank() ? null : districtCode.trim();
    if (role == Role.DISTRICT) {
      Map<String, String> districts = districts(on);
      if (district == null || !districts.containsKey(district)) {
        throw refused(
            "unknown-district",
            (district == null ? "区级账户须指定所属区" : "没有编码为 " + district + " 的区")
                + "，可选："
                + districts.entrySet().stream()
                    .map(d -> d.getKey() + " " + d.getValue())
                    .collect(Collectors.joining("、"))
                + "（a district officer needs the code of a district of Foshan）");
      }
    } else if (district != null) {
      throw refused(
          "district-not-allowed",
          "只有区级账户（district）属于某个区，"
              + role.name().toLowerCase(Locale.ROOT)
              + " 账户不能指定区（only district officers have a district）");
    }
    String display =
        displayName == null || displayName.isBlank()
            ? username
            : TextLimits.check(displayName.strip(), TextLimits.NAME, "显示名称", "display name");
    checkPassword(username, password);
    if (find(on, username).isPresent()) {
      throw taken(username);
    }
    try {
      on.sql(insertSql)
          .param("username", username)
          .param("display_name", display)
          .param("password_hash", passwords.encode(password))
          .param("role", role.name())
          .param("district_code", district)
          .update();
    } catch (DuplicateKeyException e) {
      throw taken(username);
    }
    return find(on, username).orElseThrow();
  }

  /** Sets an account's password (the same rules as a new account's). */
  public void setPassword(JdbcClient on, String username, String password) {
    checkPassword(username, password);
    int updated =
        on.sql(sql.get("update_password"))
            .param("username", username)
            .param("password_hash", passwords.encode(password))
            .update();
    if (updated == 0) {
      throw unknown(username);
    }
  }

  /**
   * Lets an account log in again, or no more (a disabled account is nobody to the database too).
   */
  public Account setEnabled(JdbcClient on, String username, boolean enabled) {
    int updated =
        on.sql(sql.get("update_enabled"))
            .param("username", username)
            .param("enabled", enabled)
            .update();
    if (updated == 0) {
      throw unknown(username);
    }
    return find(on, username).orElseThrow();
  }

  /** The accounts by name, a page at a time (no hashes). */
  public List<Account> list(JdbcClient on, int offset, int limit) {
    return on.sql(sql.get("select_accounts"))
        .param("offset", offset)
        .param("limit", limit)
        .query(UserAccounts::account)
        .list();
  }

  /** One account (no hash). */
  public Optional<Account> find(JdbcClient on, String username) {
    return on.sql(selectSql).param("username", username).query(UserAccounts::account).optional();
  }

  /** Whether an enabled account still has this password (the demo's published ones). */
  public boolean hasPassword(String username, String password) {
    return jdbc.sql(selectSql)
        .param("username", username)
        .query(
            (rs, n) ->
                rs.getBoolean("enabled")
                    && passwords.matches(password, rs.getString("password_hash")))
        .optional()
        .orElse(false);
  }

  /**
   * The rules of a password, for every way one is set: at least {@value #MIN_PASSWORD_LENGTH}
   * characters, at most {@value #MAX_PASSWORD_BYTES} bytes (BCrypt ignores the rest), not the user
   * name.
   */
  public static void checkPassword(String username, String password) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
      throw refused(
          "weak-password",
          "密码至少 "
              + MIN_PASSWORD_LENGTH
              + " 个字符（the password needs at least "
              + MIN_PASSWORD_LENGTH
              + " characters）");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      throw refused(
          "weak-password",
          "密码最长 "
              + MAX_PASSWORD_BYTES
              + " 字节（UTF-8），更长的部分不会被校验（at most "
              + MAX_PASSWORD_BYTES
              + " bytes）");
    }
    if (username != null && password.strip().equalsIgnoreCase(username)) {
      throw refused("weak-password", "密码不能与用户名相同（the password may not be the user name）");
    }
  }

  private static void checkUsername(String username) {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw refused(
          "invalid-username",
          "用户名须为 3–32 个字符：小写字母开头，只含小写字母、数字和 _ . -（user name: 3 to 32 of"
              + " a-z 0-9 _ . -, starting with a letter）");
    }
  }

  private Map<String, String> districts(JdbcClient on) {
    Map<String, String> districts = new java.util.LinkedHashMap<>();
    on.sql(sql.get("select_district_names"))
        .query((rs, n) -> districts.put(rs.getString("code"), rs.getString("name")))
        .list();
    return districts;
  }

  private static Account account(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Account(
        rs.getString("username"),
        rs.getString("display_name"),
        Role.valueOf(rs.getString("role")),
        rs.getString("district_code"),
        rs.getBoolean("enabled"),
        rs.getObject("created_at", OffsetDateTime.class));
  }

  private static ApiException refused(String slug, String detail) {
    return ApiException.unprocessable(slug, detail);
  }

  private static ApiException taken(String username) {
    return ApiException.conflict(
        "user-exists", "用户名 " + username + " 已被使用（the user name is taken）");
  }

  static ApiException unknown(String username) {
    return ApiException.notFound("unknown-user", "没有用户名为 " + username + " 的账户（no such account）");
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
        .orElseThrow(() -> ApiException.unauthorized("login-required", "Please log in"));
  }

  /**
   * The user of this request if their role commits (the bureau, an administrator): a 401 problem if
   * nobody is logged in, a 403 with the refusal given for anyone else.
   */
  public static AppUser requireCommits(String refusal) {
    return require().requireCommits(refusal);
  }
}
