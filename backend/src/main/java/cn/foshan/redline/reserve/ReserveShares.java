package cn.foshan.redline.reserve;

import cn.foshan.redline.editing.ChangeSets;
import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.IfMatch;
import cn.foshan.redline.system.SqlFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The districts' shares of the reserve target (储备用地 17,000 mu): a setting of the city (V65), not a
 * constant. The plan names no split; until the bureau sets one, each district's share is the target
 * in proportion to its red-line minimum (an assumption, the README says so). The bureau sets a
 * whole split — one share per district, adding up to at least the target — under a change set of
 * its own (reason, 文号), or removes it to go back to the proportional split; the database holds the
 * rules for every writer. {@link #split} is the one computation of the shares, which the reserve
 * summary uses too.
 */
@RestController
@RequestMapping("/api/reserve/shares")
@Tag(name = "Reserve", description = "储备用地: the rolling reserve and its ledger")
class ReserveShares {

  /** How the shares were made: the proportional default, or set by the bureau. */
  enum Rule {
    PROPORTIONAL_TO_MINIMUM,
    SET_BY_BUREAU
  }

  static final String PROPORTIONAL_NOTE =
      "district share = city target × district red-line minimum ÷ sum of the minimums, in cents"
          + " of a mu adding up to the target (an assumption: the plan sets no split by district)";
  static final String SET_NOTE = "district shares set by the bureau (V65 reserve_share)";

  /** One district: its red-line minimum and the share the bureau set (null: none). */
  record Input(String code, double minimumKm2, BigDecimal setMu) {}

  /** A district's share (mu, 2 decimals) and its part of the target. */
  record Share(double mu, double ratio) {}

  /**
   * The shares of the target: the bureau's when set (every district then has one: V65), else in
   * proportion to the red-line minimums.
   */
  static Map<String, Share> split(double targetMu, List<Input> districts) {
    boolean set = districts.stream().anyMatch(d -> d.setMu() != null);
    double minimumTotal = districts.stream().mapToDouble(Input::minimumKm2).sum();
    Map<String, Share> shares = new LinkedHashMap<>();
    if (set || minimumTotal <= 0) {
      for (Input d : districts) {
        double mu = d.setMu() == null ? 0 : d.setMu().doubleValue();
        shares.put(
            d.code(), new Share(mu, targetMu > 0 ? Math.round(mu / targetMu * 1e6) / 1e6 : 0));
      }
      return shares;
    }
    // in proportion to the minimums, in whole cents of a mu that add up to the target exactly
    // (largest remainder; a tie to the larger minimum), so that the split as shown is one the
    // database accepts when the bureau saves it unchanged
    // (exact decimals: in doubles 79,333.33… and 419,333.33… do not have equal remainders)
    BigDecimal targetCents = BigDecimal.valueOf(Math.round(targetMu * 100));
    BigDecimal total = BigDecimal.valueOf(minimumTotal);
    Map<String, Long> cents = new LinkedHashMap<>();
    Map<String, BigDecimal> remainder = new LinkedHashMap<>();
    long given = 0;
    for (Input d : districts) {
      BigDecimal exact =
          targetCents
              .multiply(BigDecimal.valueOf(d.minimumKm2()))
              .divide(total, 12, RoundingMode.HALF_EVEN);
      long floor = exact.setScale(0, RoundingMode.FLOOR).longValueExact();
      cents.put(d.code(), floor);
      remainder.put(d.code(), exact.subtract(BigDecimal.valueOf(floor)));
      given += floor;
    }
    List<Input> byRemainder = new ArrayList<>(districts);
    byRemainder.sort(
        java.util.Comparator.comparing((Input d) -> remainder.get(d.code()))
            .reversed()
            .thenComparing(Input::minimumKm2, java.util.Comparator.reverseOrder())
            .thenComparing(Input::code));
    for (int i = 0; given < targetCents.longValueExact() && i < byRemainder.size(); i++, given++) {
      cents.merge(byRemainder.get(i).code(), 1L, Long::sum);
    }
    for (Input d : districts) {
      shares.put(
          d.code(),
          new Share(
              cents.get(d.code()) / 100.0, Math.round(d.minimumKm2() / minimumTotal * 1e6) / 1e6));
    }
    return shares;
  }

  static Rule rule(List<Input> districts) {
    return districts.stream().anyMatch(d -> d.setMu() != null)
        ? Rule.SET_BY_BUREAU
        : Rule.PROPORTIONAL_TO_MINIMUM;
  }

  record DistrictShare(
      String code,
      String name,
      String nameEn,
      double minimumKm2,
      double shareMu,
      double shareRatio,
      Double setMu,
      Double proportionalMu) {}

  record Shares(
      double targetMu,
      Rule rule,
      String note,
      List<DistrictShare> districts,
      double totalMu,
      Long changeSetId,
      String reason,
      String documentNumber,
      OffsetDateTime updatedAt,
      String updatedBy,
      long version) {}

  /** A whole split: each district's code and share in mu; why, and under which document. */
  record SetRequest(Map<String, BigDecimal> shares, String reason, String documentNumber) {}

  private final JdbcClient jdbc;
  private final ChangeSets changeSets;
  private final TransactionTemplate transactions;
  private final Map<String, String> sql = SqlFiles.loadAll("reserve", "select_shares");

  ReserveShares(JdbcClient jdbc, ChangeSets changeSets, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.changeSets = changeSets;
    this.transactions = transactions;
  }

  private record Row(
      double targetMu,
      String code,
      String name,
      String nameEn,
      double minimumKm2,
      BigDecimal shareMu,
      OffsetDateTime updatedAt,
      String updatedBy,
      Long changeSetId,
      String reason,
      String documentNumber,
      long version) {}

  private List<Row> rows() {
    return jdbc.sql(sql.get("select_shares"))
        .query(
            (rs, n) ->
                new Row(
                    rs.getDouble("target_mu"),
                    rs.getString("code"),
                    rs.getString("name"),
                    rs.getString("name_en"),
                    rs.getDouble("red_line_minimum_km2"),
                    rs.getBigDecimal("share_mu"),
                    rs.getObject("updated_at", OffsetDateTime.class),
                    rs.getString("updated_by"),
                    rs.getObject("change_set_id", Long.class),
                    rs.getString("reason"),
                    rs.getString("document_number"),
                    rs.getLong("version")))
        .list();
  }

  @GetMapping
  @Operation(
      summary = "The districts' shares of the reserve target (ETag: the setting's version)",
      description =
          "rule PROPORTIONAL_TO_MINIMUM (none set: the target in proportion to the red-line"
              + " minimums, an assumption) or SET_BY_BUREAU (with the change set that set it: reason,"
              + " 文号, who, when); each district's share, its part of the target, the share set and"
              + " the proportional one")
  ResponseEntity<Shares> get() {
    Shares shares = read();
    return ResponseEntity.ok().eTag("\"" + shares.version() + "\"").body(shares);
  }

  private Shares read() {
    List<Row> rows = rows();
    if (rows.isEmpty()) {
      throw ApiException.notFound("no-districts", "还没有载入各区（no districts are loaded yet）");
    }
    double target = rows.get(0).targetMu();
    List<Input> inputs =
        rows.stream().map(r -> new Input(r.code(), r.minimumKm2(), r.shareMu())).toList();
    List<Input> proportional =
        rows.stream().map(r -> new Input(r.code(), r.minimumKm2(), null)).toList();
    Map<String, Share> shares = split(target, inputs);
    Map<String, Share> byMinimum = split(target, proportional);
    List<DistrictShare> districts = new ArrayList<>();
    double total = 0;
    for (Row r : rows) {
      Share s = shares.get(r.code());
      total += s.mu();
      districts.add(
          new DistrictShare(
              r.code(),
              r.name(),
              r.nameEn(),
              r.minimumKm2(),
              s.mu(),
              s.ratio(),
              r.shareMu() == null ? null : r.shareMu().doubleValue(),
              byMinimum.get(r.code()).mu()));
    }
    Rule rule = rule(inputs);
    Row set = rows.stream().filter(r -> r.changeSetId() != null).findFirst().orElse(null);
    return new Shares(
        target,
        rule,
        rule == Rule.SET_BY_BUREAU ? SET_NOTE : PROPORTIONAL_NOTE,
        districts,
        Math.round(total * 100) / 100.0,
        set == null ? null : set.changeSetId(),
        set == null ? null : set.reason(),
        set == null ? null : set.documentNumber(),
        set == null ? null : set.updatedAt(),
        set == null ? null : set.updatedBy(),
        rows.get(0).version());
  }

  @PutMapping
  @Operation(
      summary = "Set the districts' shares (bureau; If-Match: the setting's ETag)",
      description =
          "shares: every district's code with its share in mu (≥ 0, two decimals), adding up to"
              + " at least the city's target; reason (required) and documentNumber (文号) are"
              + " recorded on the change set committed with it. 422 with the reason otherwise;"
              + " 412 when the setting changed since it was read")
  ResponseEntity<Shares> set(
      @RequestHeader(value = "If-Match", required = false) String ifMatch,
      @RequestBody SetRequest body) {
    AppUser user = bureau();
    int version = IfMatch.required(ifMatch);
    if (body == null || body.shares() == null || body.shares().isEmpty()) {
      throw ApiException.unprocessable(
          "shares-required", "请写明各区的储备份额（shares: every district's share in mu）");
    }
    Shares now = read();
    List<String> problems = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (DistrictShare d : now.districts()) {
      BigDecimal mu = body.shares().get(d.code());
      if (mu == null) {
        problems.add("缺少" + d.name() + "的份额（" + d.nameEn() + " has no share）");
      } else if (mu.signum() < 0
          || mu.scale() > 2
          || mu.compareTo(new BigDecimal("99999999")) > 0) {
        problems.add(
            d.name()
                + "的份额 "
                + mu.toPlainString()
                + " 亩不合理：应为 0 及以上、最多两位小数（"
                + d.nameEn()
                + ": a share is 0 or more mu, at most two decimals）");
      } else {
        total = total.add(mu);
      }
    }
    for (String code : body.shares().keySet()) {
      if (now.districts().stream().noneMatch(d -> d.code().equals(code))) {
        problems.add("没有区 " + code + "（there is no district " + code + "）");
      }
    }
    BigDecimal target = BigDecimal.valueOf(now.targetMu()).setScale(2, RoundingMode.HALF_UP);
    if (problems.isEmpty() && total.compareTo(target) < 0) {
      problems.add(
          "各区份额合计 "
              + total.toPlainString()
              + " 亩，少于全市目标 "
              + target.toPlainString()
              + " 亩（the shares add up to "
              + total.toPlainString()
              + " mu, less than the city's target）");
    }
    if (!problems.isEmpty()) {
      throw ApiException.unprocessable("invalid-shares", String.join("；", problems));
    }
    transactions.executeWithoutResult(
        status -> {
          stale(version);
          long changeSet = changeSets.createCommitted(user, body.reason(), body.documentNumber());
          for (Map.Entry<String, BigDecimal> e : body.shares().entrySet()) {
            jdbc.sql(
                    "INSERT INTO reserve_share (district_code, share_mu, change_set_id)"
                        + " VALUES (:code, :mu, :cs) ON CONFLICT (district_code) DO UPDATE"
                        + " SET share_mu = EXCLUDED.share_mu, change_set_id = EXCLUDED.change_set_id")
                .param("code", e.getKey())
                .param("mu", e.getValue())
                .param("cs", changeSet)
                .update();
          }
        });
    return get();
  }

  @DeleteMapping
  @Operation(
      summary =
          "Go back to the proportional split (bureau; If-Match: the setting's ETag; reason and"
              + " documentNumber as query parameters, recorded on a change set)")
  ResponseEntity<Shares> reset(
      @RequestHeader(value = "If-Match", required = false) String ifMatch,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String documentNumber) {
    AppUser user = bureau();
    int version = IfMatch.required(ifMatch);
    transactions.executeWithoutResult(
        status -> {
          stale(version);
          if (jdbc.sql("SELECT count(*) FROM reserve_share").query(Long.class).single() == 0) {
            throw ApiException.conflict(
                "shares-not-set",
                "各区储备份额尚未设定，已按红线下限比例分配（no shares are set: the split is already"
                    + " in proportion to the red-line minimums）");
          }
          long changeSet = changeSets.createCommitted(user, reason, documentNumber);
          jdbc.sql("SELECT set_config('redline.change_set_id', :cs, true)")
              .param("cs", Long.toString(changeSet))
              .query(String.class)
              .single();
          jdbc.sql("DELETE FROM reserve_share").update();
        });
    return get();
  }

  /** Locks the setting for this transaction and refuses a write made against an older version. */
  private void stale(int version) {
    jdbc.sql("LOCK TABLE reserve_share IN SHARE ROW EXCLUSIVE MODE").update();
    long now =
        jdbc.sql("SELECT coalesce(max(id), 0) FROM reserve_share_history")
            .query(Long.class)
            .single();
    if (now != version) {
      throw ApiException.preconditionFailed(
          "stale-version",
          "各区储备份额已被他人修改（第 "
              + now
              + " 版，你读取的是第 "
              + version
              + " 版）：请重新加载后再改（the shares changed since you read them: load them again）");
    }
  }

  private static AppUser bureau() {
    return UserAccounts.requireCommits(
        "只有市自然资源局可以设定各区储备份额（only the bureau sets the districts' shares of the reserve）");
  }
}
