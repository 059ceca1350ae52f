package cn.foshan.redline.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.AbstractDataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Where reads that may lag go: to a read replica named in {@code READ_DATABASE_URL} (a hot standby
 * fed by PostgreSQL's streaming replication) when one is fit, else to the primary. A read endpoint
 * (tiles, OGC items, dashboards, the planner's lists) asks for it explicitly with {@link #mayLag()}
 * (or {@link #mayLagDataSource()} and {@link #mayLagTransactions()} for a cursor in a read-only
 * transaction); everything else keeps the primary's {@code JdbcClient}. Without replicas these are
 * the primary's own objects, so nothing changes.
 *
 * <p>A replica is fit when its last check (every {@code redline.db.read-check-interval},
 * connections given up after {@code redline.db.read-connect-timeout}) found it a standby less than
 * {@code redline.db.read-max-lag} behind the primary, and, for a user who has just written, once it
 * has replayed that user's commits ({@link OwnCommits}: read-your-writes by LSN). The lag is
 * measured against the primary's WAL position sampled at each check: the age of the oldest sample
 * the replica has not replayed yet. A replica down or behind is skipped, never an error: its reads
 * go to the primary. One request's reads all go to the same place.
 */
public final class ReadRouting implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ReadRouting.class);

  /** The request attribute holding where this request's reads go (a Replica, or PRIMARY). */
  private static final String CHOSEN = ReadRouting.class.getName();

  private static final Object PRIMARY = new Object();

  private final DataSource primary;
  private final List<Replica> replicas;
  private final long maxLagMillis;
  private final long staleNanos;
  private final OwnCommits ownCommits;
  private final Samples samples;
  private final JdbcClient primaryJdbc;
  private final DataSource routed;
  private final JdbcClient mayLag;
  private final PlatformTransactionManager mayLagTransactions;
  private final AtomicInteger next = new AtomicInteger();
  private final ScheduledExecutorService checks;

  ReadRouting(
      DataSource primary,
      JdbcClient primaryJdbc,
      PlatformTransactionManager primaryTransactions,
      List<Replica> replicas,
      Duration maxLag,
      Duration checkInterval,
      Duration connectTimeout) {
    this.primary = primary;
    this.primaryJdbc = primaryJdbc;
    this.replicas = List.copyOf(replicas);
    this.maxLagMillis = maxLag.toMillis();
    this.staleNanos = 3 * checkInterval.toNanos() + 2 * connectTimeout.toNanos();
    this.samples = new Samples(maxLag.toNanos() + staleNanos + 2 * checkInterval.toNanos());
    this.ownCommits = new OwnCommits(this::primaryLsn);
    if (replicas.isEmpty()) {
      routed = primary;
      mayLag = primaryJdbc;
      mayLagTransactions = primaryTransactions;
      checks = null;
      return;
    }
    routed = new Routed();
    mayLag = JdbcClient.create(routed);
    mayLagTransactions = new DataSourceTransactionManager(routed);
    checks =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "redline-read-replica-checks");
              t.setDaemon(true);
              return t;
            });
    var unused =
        checks.scheduleWithFixedDelay(
            () -> {
              try {
                checkAll();
              } catch (RuntimeException e) { // a failed round must not end the checks
                log.warn("checking the read replicas failed: {}", e.toString());
              }
            },
            0,
            checkInterval.toMillis(),
            TimeUnit.MILLISECONDS);
    log.info(
        "reads that may lag go to {} replica(s) when fit (at most {} ms behind): {}",
        replicas.size(),
        maxLagMillis,
        replicas.stream().map(Replica::name).toList());
  }

  /** The JdbcClient for reads that may lag: a fit replica's, or the primary's. */
  public JdbcClient mayLag() {
    return mayLag;
  }

  /** The DataSource behind {@link #mayLag()} (for a JdbcTemplate of one's own). */
  public DataSource mayLagDataSource() {
    return routed;
  }

  /** Transactions on {@link #mayLagDataSource()} (a read-only transaction for a cursor). */
  public PlatformTransactionManager mayLagTransactions() {
    return mayLagTransactions;
  }

  /** Whether any replica is configured. */
  public boolean replicated() {
    return !replicas.isEmpty();
  }

  /**
   * Each replica as its last check found it, one line each: "fit" or "skipped", its lag and why
   * (for logs, the benchmark and operators).
   */
  public List<String> describe() {
    return replicas.stream()
        .map(
            r -> {
              Replica.Status s = r.status();
              return r.name()
                  + ": "
                  + (fit(r, 0) ? "fit" : "skipped")
                  + (s.lagMillis() == Long.MAX_VALUE ? "" : ", " + s.lagMillis() + " ms behind")
                  + (s.problem() == null ? "" : ", " + s.problem());
            })
        .toList();
  }

  OwnCommits ownCommits() {
    return ownCommits;
  }

  List<Replica> replicas() {
    return replicas;
  }

  /** The primary's WAL write position, in bytes from 0/0. */
  private long primaryLsn() {
    return primaryJdbc
        .sql("SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint")
        .query(Long.class)
        .single();
  }

  /** Samples the primary's position, then checks every replica against it. */
  void checkAll() {
    try {
      samples.add(System.nanoTime(), primaryLsn());
    } catch (RuntimeException e) {
      log.debug("could not read the primary's WAL position: {}", e.getMessage());
      return;
    }
    for (Replica r : replicas) {
      r.check(samples);
    }
    // a fit replica has replayed every sample older than max-lag when it was checked
    long passed = samples.newestOlderThan(maxLagMillis * 1_000_000 + staleNanos);
    if (passed >= 0) {
      ownCommits.forgetUpTo(passed);
    }
  }

  /** Whether a replica may serve a read now that needs WAL position {@code needed} replayed. */
  boolean fit(Replica r, long needed) {
    Replica.Status s = r.status();
    return s.usable()
        && System.nanoTime() - s.checkedNanos() <= staleNanos
        && s.lagMillis() <= maxLagMillis
        && s.replayLsn() >= needed;
  }

  /** The replica for this read (null: the primary); the same for all reads of one request. */
  Replica choose() {
    RequestAttributes request = RequestContextHolder.getRequestAttributes();
    if (request != null) {
      Object chosen = request.getAttribute(CHOSEN, RequestAttributes.SCOPE_REQUEST);
      if (chosen != null) {
        return chosen instanceof Replica r ? r : null;
      }
    }
    long needed = ownCommits.needed(ActingDataSource.actor());
    Replica pick = null;
    int start = next.getAndIncrement();
    for (int i = 0; i < replicas.size() && pick == null; i++) {
      Replica r = replicas.get(Math.floorMod(start + i, replicas.size()));
      if (fit(r, needed)) {
        pick = r;
      }
    }
    remember(request, pick);
    return pick;
  }

  private static void remember(RequestAttributes request, Replica pick) {
    if (request != null) {
      request.setAttribute(CHOSEN, pick == null ? PRIMARY : pick, RequestAttributes.SCOPE_REQUEST);
    }
  }

  /** Connections of a fit replica, else of the primary. */
  private final class Routed extends AbstractDataSource {

    @Override
    public Connection getConnection() throws SQLException {
      Replica r = choose();
      if (r != null) {
        Connection c = r.connection();
        if (c != null) {
          return c;
        }
        // gone away since its last check: this request reads from the primary
        remember(RequestContextHolder.getRequestAttributes(), null);
      }
      return primary.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLException("the read routing uses the service's own login");
    }
  }

  /** The primary's WAL positions sampled at each check, oldest first, for a window of time. */
  static final class Samples {

    private final ArrayDeque<long[]> window = new ArrayDeque<>();
    private final long keepNanos;

    Samples(long keepNanos) {
      this.keepNanos = keepNanos;
    }

    synchronized void add(long nanos, long lsn) {
      window.addLast(new long[] {nanos, lsn});
      while (window.size() > 1 && nanos - window.peekFirst()[0] > keepNanos) {
        window.removeFirst();
      }
    }

    /**
     * How far behind a replica that has replayed up to {@code replayed} is: the age of the oldest
     * sample past it (0 when it has passed them all); unknown (MAX_VALUE) when it has not passed
     * even the oldest kept.
     */
    synchronized long lagMillis(long replayed) {
      long now = System.nanoTime();
      boolean first = true;
      for (long[] s : window) {
        if (s[1] > replayed) {
          return first ? Long.MAX_VALUE : (now - s[0]) / 1_000_000;
        }
        first = false;
      }
      return 0;
    }

    /** The position of the newest sample older than {@code ageNanos}; -1 when there is none. */
    synchronized long newestOlderThan(long ageNanos) {
      long now = System.nanoTime();
      long found = -1;
      for (long[] s : window) {
        if (now - s[0] > ageNanos) {
          found = s[1];
        }
      }
      return found;
    }
  }

  @Override
  public void destroy() {
    if (checks != null) {
      checks.shutdownNow();
    }
    List<Replica> closing = new ArrayList<>(replicas);
    closing.forEach(Replica::close);
  }
}
