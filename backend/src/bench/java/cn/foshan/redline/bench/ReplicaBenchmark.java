package cn.foshan.redline.bench;

import cn.foshan.redline.RedlineApplication;
import cn.foshan.redline.system.ReadRouting;
import cn.foshan.redline.system.StreamingReplica;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Read replicas (system/ReadRouting) on a real streaming replica of the cluster ({@link
 * StreamingReplica}: pg_basebackup, started on another port, removed afterwards): the throughput of
 * z14 parcel tiles and of OGC pages of 1,000 parcels (wrk, 2 connections) from the service with no
 * replica and from a second instance with READ_DATABASE_URL naming the replica, in alternating
 * rounds; the replica's own transaction count shows it served them. Then the replica's lag while
 * the service imports a Shapefile (ImportBenchmark's import, through the instance with the
 * replica): the primary's WAL position and the replica's replay position sampled every 50 ms, and
 * for each primary sample the time until the replica had replayed past it. On a machine of two
 * cores the primary, the replica, both services and wrk share the same cores: the point is that
 * reads move and how far the replica trails, not speed.
 */
final class ReplicaBenchmark {

  private static final int ROUNDS = 3;
  private static final long SAMPLE_MILLIS = 50;

  private ReplicaBenchmark() {}

  static Map<String, Object> measure(
      String base, DataSource bare, String url, String user, String password) throws Exception {
    JdbcClient jdbc = JdbcClient.create(bare);
    String database = url.substring(url.lastIndexOf('/') + 1);
    List<String> tiles =
        Benchmarks.sampleTiles(jdbc).stream()
            .map(t -> "/tiles/parcel/14/" + t[0] + "/" + t[1] + ".mvt")
            .toList();
    List<String> pages =
        new JdbcTemplate(bare)
                .queryForList(
                    "SELECT id FROM parcel ORDER BY md5('ogc' || id) LIMIT 50", Long.class)
                .stream()
                .map(k -> "/ogc/collections/parcel/items?limit=1000&after=" + k)
                .toList();
    Map<String, Object> r = new LinkedHashMap<>();
    long started = System.nanoTime();
    try (StreamingReplica replica = StreamingReplica.start()) {
      r.put("replicaStartSeconds", Benchmarks.round((System.nanoTime() - started) / 1e9));
      ConfigurableApplicationContext withReplica =
          new SpringApplicationBuilder(RedlineApplication.class)
              .run(
                  "--server.port=0",
                  "--spring.datasource.url=" + url,
                  "--spring.datasource.username=" + user,
                  "--spring.datasource.password=" + password,
                  "--redline.demo.enabled=true",
                  "--redline.efficiency.compute-on-start=false",
                  "--redline.contiguity.keep-years-on-start=false",
                  "--redline.db.read-urls=" + replica.url(url),
                  "--logging.level.root=WARN");
      try {
        String replicated =
            "http://localhost:" + withReplica.getEnvironment().getProperty("local.server.port");
        ReadRouting routing = withReplica.getBean(ReadRouting.class);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!routing.describe().get(0).contains(": fit")) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("replica never fit: " + routing.describe());
          }
          Thread.sleep(100);
        }
        try (Connection onReplica = replica.superuser(database)) {
          r.put("tilesZ14", rounds(base, replicated, tiles, onReplica, database));
          r.put("ogcPages1000", rounds(base, replicated, pages, onReplica, database));
        }
        r.put("lagDuringImport", lagDuringImport(replicated, bare, url, user, password, replica));
        r.put("replicaAfterwards", routing.describe());
      } finally {
        withReplica.close();
      }
    }
    return r;
  }

  /** Alternating rounds of the same requests against the primary-only and the replicated one. */
  private static Map<String, Object> rounds(
      String primaryOnly, String replicated, List<String> paths, Connection replica, String db)
      throws Exception {
    List<Double> none = new ArrayList<>();
    List<Double> one = new ArrayList<>();
    long replicaTransactions = 0;
    for (int i = 0; i < ROUNDS; i++) {
      none.add((Double) Benchmarks.wrk(primaryOnly, paths, 2).get("requestsPerSecond"));
      long before = transactions(replica, db);
      one.add((Double) Benchmarks.wrk(replicated, paths, 2).get("requestsPerSecond"));
      replicaTransactions += transactions(replica, db) - before;
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("noReplicaPerSecond", median(none));
    r.put("oneReplicaPerSecond", median(one));
    r.put("rounds", Map.of("noReplica", none, "oneReplica", one));
    r.put("transactionsOnReplicaDuringReplicaRounds", replicaTransactions);
    return r;
  }

  private static long transactions(Connection replica, String db) throws SQLException {
    try (Statement st = replica.createStatement()) {
      st.execute("SELECT pg_stat_clear_snapshot()");
      try (ResultSet rs =
          st.executeQuery(
              "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = '"
                  + db.replace("'", "''")
                  + "'")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static double median(List<Double> values) {
    return values.stream().sorted().toList().get(values.size() / 2);
  }

  /** WAL positions of the primary and the replica sampled while the service imports. */
  private static Map<String, Object> lagDuringImport(
      String base,
      DataSource bare,
      String url,
      String user,
      String password,
      StreamingReplica replica)
      throws Exception {
    List<long[]> samples = new ArrayList<>(); // time (ns), primary LSN, replica replay LSN
    AtomicBoolean importing = new AtomicBoolean(true);
    String database = url.substring(url.lastIndexOf('/') + 1);
    CompletableFuture<Void> sampler =
        CompletableFuture.runAsync(
            () -> {
              try (Connection p = DriverManager.getConnection(url, user, password);
                  Connection s = replica.superuser(database);
                  Statement ps = p.createStatement();
                  Statement ss = s.createStatement()) {
                long caughtUp = 0;
                while (importing.get() || caughtUp < 20) {
                  long t = System.nanoTime();
                  long primary = lsn(ps, "pg_current_wal_lsn()");
                  long replayed = lsn(ss, "pg_last_wal_replay_lsn()");
                  synchronized (samples) {
                    samples.add(new long[] {t, primary, replayed});
                  }
                  caughtUp = importing.get() || replayed < primary ? 0 : caughtUp + 1;
                  Thread.sleep(SAMPLE_MILLIS);
                }
              } catch (SQLException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Map<String, Object> imported;
    long t0 = System.nanoTime();
    try {
      imported = ImportBenchmark.measure(base, bare, url, user, password);
    } finally {
      importing.set(false);
    }
    long importEnd = System.nanoTime();
    sampler.get();
    List<Long> lagMillis = new ArrayList<>();
    long maxBytes = 0;
    long caughtUpAt = importEnd;
    synchronized (samples) {
      for (int i = 0; i < samples.size(); i++) {
        long[] s = samples.get(i);
        maxBytes = Math.max(maxBytes, s[1] - s[2]);
        for (int j = i; j < samples.size(); j++) {
          if (samples.get(j)[2] >= s[1]) {
            lagMillis.add((samples.get(j)[0] - s[0]) / 1_000_000);
            break;
          }
        }
      }
      for (long[] s : samples) {
        if (s[0] >= importEnd && s[2] >= s[1]) {
          caughtUpAt = s[0];
          break;
        }
      }
    }
    List<Long> sorted = lagMillis.stream().sorted().toList();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("import", imported);
    r.put("importSeconds", Benchmarks.round((importEnd - t0) / 1e9));
    r.put("samples", samples.size());
    r.put("sampleEveryMillis", SAMPLE_MILLIS);
    r.put("maxLagBytes", maxBytes);
    r.put("lagMillisP50", sorted.isEmpty() ? null : sorted.get(sorted.size() / 2));
    r.put("lagMillisP95", sorted.isEmpty() ? null : sorted.get(sorted.size() * 95 / 100));
    r.put("lagMillisMax", sorted.isEmpty() ? null : sorted.get(sorted.size() - 1));
    r.put("caughtUpMillisAfterImport", (caughtUpAt - importEnd) / 1_000_000);
    return r;
  }

  private static long lsn(Statement st, String function) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT (" + function + " - '0/0'::pg_lsn)::bigint")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
