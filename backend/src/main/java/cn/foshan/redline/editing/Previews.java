package cn.foshan.redline.editing;

import cn.foshan.redline.system.SqlFiles;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The transactions that apply a change set only to see what it would do, and are always rolled
 * back: a preview, a district officer's check of a proposal. Each says so to the database first
 * (V61's begin_preview): such a transaction can never commit, whatever the session does, and the
 * triggers skip the figures no preview reads (the parcels' contiguity labels, the bulk of an
 * import's preview). In a caller's transaction, to a savepoint rolled back after, it undoes with
 * the savepoint and the caller's transaction commits as before.
 */
@Component
class Previews {

  private final JdbcClient jdbc;
  private final String beginSql = SqlFiles.load("editing/begin_preview.sql");

  Previews(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Makes the current transaction a preview's: called before its first write. */
  void begin() {
    jdbc.sql(beginSql).query().listOfRows();
  }
}
