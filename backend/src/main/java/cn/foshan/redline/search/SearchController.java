package cn.foshan.redline.search;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Search", description = "Find things by code or name 查找")
class SearchController {

  /** The longest text searched, in characters. */
  static final int MAX_LENGTH = 100;

  /** The most matches answered. */
  static final int LIMIT = 20;

  /** Past every character: a code's prefix is the range [q, q + END) of its index. */
  private static final String END = new String(Character.toChars(Character.MAX_CODE_POINT));

  private final JdbcClient jdbc;
  private final String searchSql = SqlFiles.load("search/search.sql");

  SearchController(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * A match: layer is parcel, enterprise, cluster, red_line, reserve_land, village_park or
   * change_set; code is the feature's code, an enterprise's unified social credit code or a change
   * set's 文号; name (null for layers without names; a change set's reason); bbox is [west, south,
   * east, north] in EPSG:4490 (an enterprise's parcels, what a change set touched), null when there
   * is nothing to show.
   */
  record Match(String layer, long id, String code, String name, List<Double> bbox) {}

  @GetMapping("/api/search")
  @Operation(
      summary = "Find things by code or name, best first",
      description =
          "Parcel code (exact or prefix), enterprise unified social credit code (exact or prefix) or"
              + " name, cluster code or name, red-line, reserve and village-park codes, park names,"
              + " and with a login the 文号 of committed change sets. Ranked exact code, then"
              + " prefix, then contained; at most 20. The text is taken literally (no wildcards);"
              + " 1 to 100 characters, else 400.")
  List<Match> search(
      @Parameter(description = "The text to find, 1 to 100 characters")
          @RequestParam(required = false)
          String q) {
    String text = q == null ? "" : q.strip();
    if (text.isEmpty() || text.codePointCount(0, text.length()) > MAX_LENGTH) {
      throw ApiException.badRequest(
          "invalid-search",
          "查找的文字须为 1 至 "
              + MAX_LENGTH
              + " 个字符（the text to find must be 1 to "
              + MAX_LENGTH
              + " characters）");
    }
    if (text.indexOf('\0') >= 0) {
      throw ApiException.badRequest(
          "invalid-search", "查找的文字含有空字符（the text to find contains a NUL character）");
    }
    String upper = text.toUpperCase(Locale.ROOT);
    return jdbc.sql(searchSql)
        .param("q", text)
        .param("cq", upper)
        .param("cq_end", upper + END)
        .param("lq", text.toLowerCase(Locale.ROOT))
        .param("logged_in", loggedIn())
        .param("lim", LIMIT)
        .query((rs, row) -> match(rs))
        .list();
  }

  private static Match match(ResultSet rs) throws SQLException {
    Double west = rs.getObject("west", Double.class);
    List<Double> bbox =
        west == null
            ? null
            : List.of(west, rs.getDouble("south"), rs.getDouble("east"), rs.getDouble("north"));
    return new Match(
        rs.getString("layer"), rs.getLong("id"), rs.getString("code"), rs.getString("name"), bbox);
  }

  /** Change sets are read with a login only (as GET /api/change-sets). */
  private static boolean loggedIn() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    return auth != null
        && auth.isAuthenticated()
        && !(auth instanceof AnonymousAuthenticationToken);
  }
}
