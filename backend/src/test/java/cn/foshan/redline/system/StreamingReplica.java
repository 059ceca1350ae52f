package cn.foshan.redline.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A hot standby of the test cluster, for real: {@code pg_basebackup -R -X stream} of the primary at
 * 127.0.0.1:5432 as the replication login {@value #LOGIN} that ./redline test makes (and allows in
 * pg_hba.conf), into a directory under /tmp, started with the installed PostgreSQL's {@code pg_ctl}
 * on a free port (as the {@code postgres} OS user when the tests run as root); stopped and removed
 * by {@link #close()} (and at exit, should a test die first). Trust for the test's own connections
 * to it from 127.0.0.1 (its pg_hba.conf is its own).
 */
public final class StreamingReplica implements AutoCloseable {

  /** The replication login ./redline test makes (REPLICATION, nothing else). */
  static final String LOGIN = "redline_replicator";

  private static final String PRIMARY = "jdbc:postgresql://127.0.0.1:5432/postgres";

  private final Path directory;
  private final String slot;
  private final int port;
  private final String bin;
  private final Thread cleanUp;
  private boolean running;

  private StreamingReplica(Path directory, String slot, int port, String bin) {
    this.directory = directory;
    this.slot = slot;
    this.port = port;
    this.bin = bin;
    this.cleanUp = new Thread(this::close, "remove the test replica");
    Runtime.getRuntime().addShutdownHook(cleanUp);
  }

  /** Makes and starts the replica; returns once it accepts connections and streams. */
  public static StreamingReplica start() throws Exception {
    String bin;
    List<String> settings = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(PRIMARY, LOGIN, LOGIN);
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int")) {
        rs.next();
        bin = "/usr/lib/postgresql/" + rs.getInt(1) / 10000 + "/bin/";
      }
      // a standby needs at least the primary's numbers of these
      try (ResultSet rs =
          st.executeQuery(
              "SELECT name, setting FROM pg_settings WHERE name IN ('max_connections',"
                  + " 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions',"
                  + " 'max_locks_per_transaction')")) {
        while (rs.next()) {
          settings.add(rs.getString(1) + " = " + rs.getString(2));
        }
      }
      dropSlotsOfDeadRuns(st);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "The replica tests need the replication login "
              + LOGIN
              + " allowed from 127.0.0.1 (./redline test makes it and adds the pg_hba.conf line):"
              + " "
              + e.getMessage(),
          e);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path directory =
        Path.of(
            "/tmp", "redline-replica-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    // a replication slot keeps the primary's WAL from the backup's start until the replica streams
    // (a busy primary recycles segments within seconds); dropped by close()
    String slot = "redline_replica_" + ProcessHandle.current().pid() + "_" + port;
    StreamingReplica replica = new StreamingReplica(directory, slot, port, bin);
    try {
      run(
          "PGPASSWORD=" + LOGIN,
          bin + "pg_basebackup",
          "-h",
          "127.0.0.1",
          "-p",
          "5432",
          "-U",
          LOGIN,
          "-D",
          directory.toString(),
          "-R",
          "-X",
          "stream",
          "-C",
          "-S",
          slot,
          "--checkpoint=fast");
      // the Debian layout keeps the configuration outside the data directory: the replica's own
      settings.addAll(
          List.of(
              "hot_standby = on",
              "hot_standby_feedback = on",
              "wal_receiver_status_interval = 1s",
              "fsync = off",
              "shared_buffers = 32MB",
              "listen_addresses = '127.0.0.1'",
              "unix_socket_directories = '/tmp'"));
      write(directory.resolve("postgresql.conf"), String.join("\n", settings) + "\n");
      write(
          directory.resolve("pg_hba.conf"),
          "local all all trust\nhost all all 127.0.0.1/32 trust\n");
      write(directory.resolve("pg_ident.conf"), "");
      // the walreceiver's login with its password (the last setting of the file wins)
      Files.writeString(
          directory.resolve("postgresql.auto.conf"),
          "primary_conninfo = 'host=127.0.0.1 port=5432 user="
              + LOGIN
              + " password="
              + LOGIN
              + " application_name=redline_test_replica'\nprimary_slot_name = '"
              + slot
              + "'\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.APPEND);
      run(
          bin + "pg_ctl",
          "-D",
          directory.toString(),
          "-l",
          directory.resolve("log").toString(),
          "-o",
          "-p " + port,
          "-w",
          "-t",
          "60",
          "start");
      replica.running = true;
      replica.awaitStreaming();
      return replica;
    } catch (Exception | Error e) {
      replica.close();
      throw e;
    }
  }

  /** Slots of replicas whose process is gone (a run killed before its clean-up) hold WAL: drop. */
  private static void dropSlotsOfDeadRuns(Statement st) throws SQLException {
    List<String> dead = new ArrayList<>();
    try (ResultSet rs =
        st.executeQuery(
            "SELECT slot_name FROM pg_replication_slots WHERE NOT active"
                + " AND slot_name ~ '^redline_replica_[0-9]+_[0-9]+$'")) {
      while (rs.next()) {
        long pid = Long.parseLong(rs.getString(1).split("_", -1)[2]);
        if (ProcessHandle.of(pid).isEmpty()) {
          dead.add(rs.getString(1));
        }
      }
    }
    for (String name : dead) {
      st.execute("SELECT pg_drop_replication_slot('" + name + "')");
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Runs a command (as postgres when we are root; leading NAME=value words set the env). */
  private static void run(String... words) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    List<String> env = new ArrayList<>();
    for (String w : words) {
      if (command.isEmpty() && w.matches("[A-Z]+=.*")) {
        env.add(w);
      } else {
        command.add(w);
      }
    }
    if (root()) {
      List<String> as = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", "env"));
      as.addAll(env);
      as.addAll(command);
      command = as;
    } else if (!env.isEmpty()) {
      List<String> with = new ArrayList<>(List.of("env"));
      with.addAll(env);
      with.addAll(command);
      command = with;
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", words) + " failed: " + out);
    }
  }

  /** The port it listens on (127.0.0.1). */
  public int port() {
    return port;
  }

  /** A database of the replica's as URL, keeping the query (the test's schema) of {@code like}. */
  public String url(String like) {
    return like.replaceFirst("//127\\.0\\.0\\.1:5432/", "//127.0.0.1:" + port + "/");
  }

  /** A superuser connection to a database of the replica (pausing replay, pg_stat_activity). */
  public Connection superuser(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
  }

  private void awaitStreaming() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Connection c = superuser("postgres");
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT pg_is_in_recovery() AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver"
                      + " WHERE status = 'streaming')")) {
        rs.next();
        if (rs.getBoolean(1)) {
          return;
        }
      } catch (SQLException e) {
        // not up yet
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the test replica does not stream after 60 s; its log: "
                + Files.readString(directory.resolve("log")));
      }
      Thread.sleep(100);
    }
  }

  /** Stops it (fast: its connections are ended, as when a replica goes away). */
  public synchronized void stop() throws IOException, InterruptedException {
    if (running) {
      running = false;
      run(bin + "pg_ctl", "-D", directory.toString(), "-m", "fast", "-w", "stop");
    }
  }

  /** Stops it if running and removes its directory. */
  @Override
  public synchronized void close() {
    try {
      stop();
    } catch (IOException | InterruptedException | RuntimeException e) {
      // removed below all the same
    }
    try (Connection c = DriverManager.getConnection(PRIMARY, LOGIN, LOGIN);
        Statement st = c.createStatement()) {
      // the primary's walsender may take a moment to notice the replica has gone
      for (int i = 0; i < 100; i++) {
        try (ResultSet rs =
            st.executeQuery(
                "SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
          if (!rs.next()) {
            break;
          }
          if (!rs.getBoolean(1)) {
            st.execute("SELECT pg_drop_replication_slot('" + slot + "')");
            break;
          }
        }
        Thread.sleep(100);
      }
    } catch (SQLException | InterruptedException e) {
      // none was made
    }
    try {
      new ProcessBuilder("rm", "-rf", directory.toString()).start().waitFor(1, TimeUnit.MINUTES);
      if (Thread.currentThread() != cleanUp) {
        Runtime.getRuntime().removeShutdownHook(cleanUp);
      }
    } catch (IOException | InterruptedException | IllegalStateException e) {
      // at exit already
    }
  }
}
