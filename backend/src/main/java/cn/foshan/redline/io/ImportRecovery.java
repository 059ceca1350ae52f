package cn.foshan.redline.io;

import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * At start, before any request is served: puts right what a crash (kill -9, power loss) left of
 * imports and exports in flight. The database keeps an import job's state with its change set's in
 * one transaction (V19), and an import is staged in one transaction (Imports), so what can be left
 * is: staging tables not yet named after a job (a crash while GDAL read the file), staging tables
 * of a job committed or discarded (a crash just after), a staged job whose staging tables are gone,
 * export scratch tables, and work directories of processes that are gone. Assumes one service per
 * database schema, as {@code ./redline run} runs it: another one's imports in flight would look
 * abandoned.
 */
@Component
class ImportRecovery implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(ImportRecovery.class);

  private final JdbcClient jdbc;
  private final Imports imports;
  private final Map<String, String> sql =
      SqlFiles.loadAll("io", "select_orphaned_tables", "select_staged_without_tables");
  private final SqlTemplate dropTable = SqlTemplate.load("io/drop_scratch_table.sql", "table");

  private final Gdal gdal;

  ImportRecovery(JdbcClient jdbc, Imports imports, Gdal gdal) {
    this.jdbc = jdbc;
    this.imports = imports;
    this.gdal = gdal;
  }

  @Override
  public void afterPropertiesSet() {
    record Lost(long id, String author) {}
    List<Lost> lost =
        jdbc.sql(sql.get("select_staged_without_tables"))
            .query((rs, n) -> new Lost(rs.getLong("id"), rs.getString("author")))
            .list();
    for (Lost job : lost) {
      imports.discardAbandoned(job.id(), job.author());
    }
    // names from the catalogue that match the patterns of our own tables (the query's): plain
    List<String> tables = jdbc.sql(sql.get("select_orphaned_tables")).query(String.class).list();
    for (String table : tables) {
      jdbc.sql(dropTable.identifier("table", gdal.staged(table)).sql()).update();
    }
    int dirs = Gdal.removeOrphanedWorkDirectories();
    if (!lost.isEmpty() || !tables.isEmpty() || dirs > 0) {
      log.info(
          "after a crash: discarded {} staged imports whose staging tables were gone, dropped {}"
              + " staging or scratch tables and {} work directories",
          lost.size(),
          tables.size(),
          dirs);
    }
  }
}
