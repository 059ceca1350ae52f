package cn.foshan.redline.security;

import cn.foshan.redline.system.ActingDataSource;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.TextLimits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * API tokens (table api_token, V24): made by a user for themselves, shown once, kept as the SHA-256
 * of the token (32 random bytes: a fast digest is safe for a secret nobody can guess, and costs
 * microseconds where bcrypt costs ~50 ms), revoked by their owner or an administrator. A token acts
 * as its owner's account as it is at each request: one indexed lookup, no cache, so a revocation, a
 * disabled account or a changed role holds from the next request, whoever made the change (this
 * service, {@code ./redline user}, psql). The time of last use is written at most once a minute per
 * token, not on every request.
 */
@Service
class ApiTokens {

  /** What a token looks like: a prefix (for secret scanners and people) and 32 bytes, base64url. */
  static final String PREFIX = "rlt_";

  private static final Pattern TOKEN = Pattern.compile("^rlt_[A-Za-z0-9_-]{43}$");

  /** The most unrevoked, unexpired tokens an account may have. */
  static final int MAX_ACTIVE = 50;

  /** The longest a token may live, in days (none: until revoked). */
  static final int MAX_DAYS = 3650;

  static final int MAX_NAME = 100;

  /** A token's last use is written at most this often. */
  static final long USE_WRITE_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

  private static final int MAX_REMEMBERED_USES = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiTokens.class);

  /** A token as its owner and the administrator see it: never the secret or its digest. */
  record Token(
      long id,
      String username,
      String name,
      OffsetDateTime createdAt,
      OffsetDateTime lastUsedAt,
      OffsetDateTime expiresAt,
      OffsetDateTime revokedAt,
      String revokedBy) {}

  /** A token just made: the only time its secret is shown. */
  record NewToken(Token token, String secret) {}

  /** What a presented token is. */
  sealed interface Check {}

  /** A good token of an enabled account: the account as it is now. */
  record Valid(long tokenId, AppUser account) implements Check {}

  /** Refused: a 401 with this slug and message. */
  record Refused(String slug, String detail) implements Check {}

  private final JdbcClient jdbc;
  private final ActingDataSource logins;
  private final Clock clock;
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "security",
          "insert_api_token",
          "select_api_tokens",
          "select_api_token",
          "login_api_token",
          "update_api_token_revoked",
          "update_api_token_used",
          "count_active_api_tokens");

  /** When each token's last use was written (System.nanoTime()), least recently used out first. */
  private final Map<Long, Long> usesWritten =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
          return size() > MAX_REMEMBERED_USES;
        }
      };

  ApiTokens(JdbcClient jdbc, DataSource dataSource, Clock clock) throws SQLException {
    this.jdbc = jdbc;
    this.logins = dataSource.unwrap(ActingDataSource.class);
    this.clock = clock;
  }

  /**
   * Makes a token for the logged-in user, named (1–100 characters), living expiresInDays (1–3650)
   * or until revoked (null).
   */
  NewToken create(AppUser owner, String name, Integer expiresInDays) {
    String label = name == null ? "" : name.strip();
    if (label.isEmpty()) {
      throw ApiException.unprocessable(
          "token-name-required",
          "须给令牌起个名字，如“QGIS 办公室”（a token needs a name, e.g. \"QGIS office\"）");
    }
    TextLimits.check(label, MAX_NAME, "令牌名称", "token name");
    if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > MAX_DAYS)) {
      throw ApiException.unprocessable(
          "invalid-expiry",
          "有效期须为 1 到 "
              + MAX_DAYS
              + " 天，或不填（永不过期，直到撤销）（expiresInDays: 1 to "
              + MAX_DAYS
              + ", or none for a token that lives until revoked）");
    }
    OffsetDateTime now = OffsetDateTime.now(clock);
    long active =
        jdbc.sql(sql.get("count_active_api_tokens"))
            .param("username", owner.username())
            .param("now", now)
            .query(Long.class)
            .single();
    if (active >= MAX_ACTIVE) {
      throw ApiException.conflict(
          "too-many-tokens",
          "每个账户最多 "
              + MAX_ACTIVE
              + " 个有效令牌，请先撤销不用的（at most "
              + MAX_ACTIVE
              + " active tokens per account: revoke one first）");
    }
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Token token =
        jdbc.sql(sql.get("insert_api_token"))
            .param("username", owner.username())
            .param("name", label)
            .param("secret_sha256", digest(secret))
            .param("created_at", now)
            .param("expires_at", expiresInDays == null ? null : now.plusDays(expiresInDays))
            .query(ApiTokens::token)
            .single();
    return new NewToken(token, secret);
  }

  /** Tokens, newest first: one account's (null: everyone's, for the administrator). */
  List<Token> list(String username, int offset, int limit) {
    return jdbc.sql(sql.get("select_api_tokens"))
        .param("username", username)
        .param("offset", offset)
        .param("limit", limit)
        .query(ApiTokens::token)
        .list();
  }

  /**
   * Revokes a token: of this owner only (ownerOnly), or anyone's (the administrator; the database
   * allows it to no one else). A 404 when there is no such token of theirs, a 409 when it is
   * revoked already.
   */
  Token revoke(long id, String ownerOnly) {
    Optional<Token> revoked =
        jdbc.sql(sql.get("update_api_token_revoked"))
            .param("id", id)
            .param("username", ownerOnly)
            .query(ApiTokens::token)
            .optional();
    if (revoked.isPresent()) {
      synchronized (usesWritten) {
        usesWritten.remove(id);
      }
      return revoked.get();
    }
    Optional<Token> there =
        jdbc.sql(sql.get("select_api_token"))
            .param("id", id)
            .query(ApiTokens::token)
            .optional()
            .filter(t -> ownerOnly == null || t.username().equals(ownerOnly));
    if (there.isPresent()) {
      throw ApiException.conflict(
          "token-revoked", "令牌 " + id + " 已撤销（token " + id + " is revoked already）");
    }
    throw ApiException.notFound(
        "unknown-token",
        ownerOnly == null
            ? "没有编号为 " + id + " 的令牌（no token " + id + "）"
            : "你没有编号为 " + id + " 的令牌（you have no token " + id + "）");
  }

  /** What the token of an Authorization: Bearer header is: its account, or why it is refused. */
  Check check(String presented) {
    if (presented == null || !TOKEN.matcher(presented).matches()) {
      return invalid();
    }
    byte[] digest = digest(presented);
    // one statement: the connection named for nobody, the lookup, the connection named for the
    // owner of a good token (V52), so the request's own statements need no naming
    Optional<Row> found =
        logins.lookUp(
            (on, clientAddr, userAgent) -> {
              Optional<Row> row =
                  on.sql(sql.get("login_api_token"))
                      .param("digest", digest)
                      .param("client_addr", clientAddr)
                      .param("user_agent", userAgent)
                      .query(ApiTokens::row)
                      .optional();
              return new ActingDataSource.Found<>(row, row.map(Row::namedFor).orElse(""));
            });
    if (found.isEmpty()) {
      return invalid();
    }
    Row r = found.get();
    if (r.revokedAt() != null) {
      return new Refused(
          "token-revoked", "API 令牌已被撤销，请新建一个（the API token was revoked: make a new one）");
    }
    if (r.expiresAt() != null && !r.expiresAt().toInstant().isAfter(clock.instant())) {
      return new Refused(
          "token-expired",
          "API 令牌已于 "
              + r.expiresAt().atZoneSameInstant(clock.getZone()).toLocalDate()
              + " 过期，请新建一个（the API token expired: make a new one）");
    }
    if (!r.account().enabled()) {
      return new Refused("account-disabled", "令牌所属账户已停用（the token's account is disabled）");
    }
    return new Valid(r.id(), r.account());
  }

  /**
   * Notes a use of a token: its last_used_at is written if it was not within the last minute (by
   * this service), as its owner (the database lets an owner touch only their tokens).
   */
  void used(Valid token) {
    long now = System.nanoTime();
    synchronized (usesWritten) {
      Long last = usesWritten.get(token.tokenId());
      if (last != null && now - last < USE_WRITE_INTERVAL_NANOS) {
        return;
      }
      usesWritten.put(token.tokenId(), now);
    }
    try {
      ActingDataSource.actingAs(
          token.account().username(),
          () ->
              jdbc.sql(sql.get("update_api_token_used"))
                  .param("id", token.tokenId())
                  .param("at", OffsetDateTime.now(clock))
                  .update());
    } catch (RuntimeException e) {
      // a bookkeeping write: logged, never the request's failure
      log.warn("API token {}: could not record its use", token.tokenId(), e);
    }
  }

  private static Refused invalid() {
    return new Refused(
        "invalid-token",
        "API 令牌无效：请检查是否完整复制（the API token is not valid: check it was copied whole）");
  }

  /** SHA-256 of the token's text. */
  static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Row(
      long id,
      OffsetDateTime expiresAt,
      OffsetDateTime revokedAt,
      AppUser account,
      String namedFor) {}

  private static Row row(ResultSet rs, int n) throws SQLException {
    return new Row(
        rs.getLong("id"),
        rs.getObject("expires_at", OffsetDateTime.class),
        rs.getObject("revoked_at", OffsetDateTime.class),
        new AppUser(
            rs.getString("username"),
            rs.getString("display_name"),
            null,
            Role.valueOf(rs.getString("role")),
            rs.getString("district_code"),
            rs.getBoolean("enabled")),
        rs.getString("named_for"));
  }

  private static Token token(ResultSet rs, int n) throws SQLException {
    return new Token(
        rs.getLong("id"),
        rs.getString("username"),
        rs.getString("name"),
        rs.getObject("created_at", OffsetDateTime.class),
        rs.getObject("last_used_at", OffsetDateTime.class),
        rs.getObject("expires_at", OffsetDateTime.class),
        rs.getObject("revoked_at", OffsetDateTime.class),
        rs.getString("revoked_by"));
  }
}
