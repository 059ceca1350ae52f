package cn.foshan.redline.io;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * GDAL's command-line tools (Debian gdal-bin), run as processes: arguments as a list (never a
 * shell), only our own paths and values from allow-lists as arguments, a timeout, and the database
 * password in the environment (PGPASSWORD), not on the command line.
 */
@Component
class Gdal {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Gdal.class);

  private final IoProperties properties;
  private final JdbcConnectionDetails connection;
  private final JdbcClient jdbc;
  private final Map<String, String> sql =
      SqlFiles.loadAll("io", "select_current_schema", "select_staging_schema");

  Gdal(IoProperties properties, JdbcConnectionDetails connection, JdbcClient jdbc) {
    this.properties = properties;
    this.connection = connection;
    this.jdbc = jdbc;
  }

  /** What a GDAL tool said when it failed. */
  static final class GdalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GdalException(String message) {
      super(message);
    }
  }

  /** Runs a tool in a work directory; its standard output (a GdalException when it fails). */
  String run(Path workDir, List<String> command) {
    return run(workDir, command, properties.gdalTimeout());
  }

  /**
   * Runs a tool within a timeout of its own (a request that waits for it: seconds, not minutes).
   */
  String run(Path workDir, List<String> command, java.time.Duration timeout) {
    return run(workDir, command, timeout, Gdal::text);
  }

  /**
   * Runs a tool whose output may be long, and reads its standard output line by line (UTF-8, other
   * bytes replaced): what {@code read} makes of the lines (a GdalException when the tool fails).
   */
  <T> T runLines(Path workDir, List<String> command, Function<Stream<String>, T> read) {
    return run(
        workDir,
        command,
        properties.gdalTimeout(),
        out -> {
          try (BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(
                      Files.newInputStream(out),
                      StandardCharsets.UTF_8
                          .newDecoder()
                          .onMalformedInput(CodingErrorAction.REPLACE)
                          .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            return read.apply(in.lines());
          }
        });
  }

  /** What is read from a tool's output file. */
  private interface Output<T> {
    T read(Path out) throws IOException;
  }

  private <T> T run(
      Path workDir, List<String> command, java.time.Duration timeout, Output<T> output) {
    try (Running tool = start(workDir, command, timeout)) {
      return tool.await(output);
    }
  }

  /**
   * Starts a tool to run beside the caller's work (a file read into the database while another tool
   * reads its layers): {@link Running#await} it, or close it to stop it.
   */
  Running start(Path workDir, List<String> command) {
    return start(workDir, command, properties.gdalTimeout());
  }

  private Running start(Path workDir, List<String> command, java.time.Duration timeout) {
    Path out = null;
    Path err = null;
    try {
      // each run its own output files: two tools may run in one work directory
      out = Files.createTempFile(workDir, ".stdout-", "");
      err = Files.createTempFile(workDir, ".stderr-", "");
      return new Running(start(workDir, command, out, err), command, timeout, workDir, out, err);
    } catch (IOException e) {
      deleteQuietly(out);
      deleteQuietly(err);
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A tool that was started: {@link #await} waits for its end within the timeout (counted from its
   * start) and reads its output, a GdalException when it failed; {@link #close} stops it if it
   * still runs ({@link #stop}) and removes its output files.
   */
  static final class Running implements AutoCloseable {
    private final Process process;
    private final List<String> command;
    private final long deadline;
    private final Path workDir;
    private final Path out;
    private final Path err;

    private Running(
        Process process,
        List<String> command,
        java.time.Duration timeout,
        Path workDir,
        Path out,
        Path err) {
      this.process = process;
      this.command = command;
      this.deadline = System.nanoTime() + timeout.toNanos();
      this.workDir = workDir;
      this.out = out;
      this.err = err;
    }

    /** Waits for the tool's end; its standard output (a GdalException when it failed). */
    String await() {
      return await(Gdal::text);
    }

    private <T> T await(Output<T> output) {
      try {
        finish(
            process,
            command,
            java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        String stderr = text(err);
        if (process.exitValue() != 0) {
          throw new GdalException(clean(stderr, workDir));
        }
        if (!stderr.isBlank()) {
          log.debug("{}: {}", command.get(0), clean(stderr, workDir));
        }
        return output.read(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Stops the tool if it still runs, and waits until it has gone: whether it had to be stopped.
     */
    boolean stop() {
      if (!process.isAlive()) {
        return false;
      }
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return true;
    }

    @Override
    public void close() {
      stop();
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /**
   * What a tool wrote, as UTF-8 with any other bytes replaced (U+FFFD): GDAL echoes the file's own
   * bytes in some messages (a feature of a GBK file it could not write as UTF-8), and a message
   * must never fail to be read.
   */
  static String text(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }

  /** Starts a tool whose standard output the caller reads (a stream: /vsistdout/). */
  Process stream(Path workDir, List<String> command) {
    try {
      ProcessBuilder pb = builder(workDir, command);
      pb.redirectError(workDir.resolve(".stderr").toFile());
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a tool to end within the timeout, else stops it (a 504 problem). */
  void finish(Process p, List<String> command) {
    finish(p, command, properties.gdalTimeout());
  }

  private static void finish(Process p, List<String> command, java.time.Duration timeout) {
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw ApiException.gatewayTimeout(
            "gdal-timeout", "Took too long", command.get(0) + " did not finish within " + timeout);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The error output of a streaming tool. */
  static String errors(Path workDir) {
    try {
      Path err = workDir.resolve(".stderr");
      return Files.exists(err) ? clean(text(err), workDir) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private Process start(Path workDir, List<String> command, Path out, Path err) throws IOException {
    ProcessBuilder pb = builder(workDir, command);
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    return pb.start();
  }

  private ProcessBuilder builder(Path workDir, List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.directory(workDir.toFile());
    Map<String, String> env = pb.environment();
    if (connection.getPassword() != null) {
      env.put("PGPASSWORD", connection.getPassword());
    }
    env.put("PGCLIENTENCODING", "UTF8");
    return pb;
  }

  /**
   * The service's database as a GDAL connection string ({@code PG:…}), in the schema the service
   * works in. Values are the service's own settings, quoted for libpq.
   */
  String postgres() {
    return postgres(null);
  }

  /**
   * The service's database as {@link #postgres()}, its session named {@code application} (in
   * pg_stat_activity), so that the service can tell when a tool's session has ended.
   */
  String postgres(String application) {
    String url = connection.getJdbcUrl();
    java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
    String schema = jdbc.sql(sql.get("select_current_schema")).query(String.class).single();
    List<String> parts = new ArrayList<>();
    parts.add("host=" + quote(uri.getHost() == null ? "localhost" : uri.getHost()));
    parts.add("port=" + (uri.getPort() < 0 ? 5432 : uri.getPort()));
    parts.add("dbname=" + quote(uri.getPath().replaceFirst("^/", "")));
    if (connection.getUsername() != null) {
      parts.add("user=" + quote(connection.getUsername()));
    }
    parts.add("active_schema=" + quote(schema));
    if (application != null) {
      parts.add("application_name=" + quote(application));
    }
    return "PG:" + String.join(" ", parts);
  }

  /**
   * The schema of the service's scratch tables (staged imports, exports; V14): the data's schema's
   * name followed by _import, the one schema where the service may create tables.
   */
  String stagingSchema() {
    String schema = jdbc.sql(sql.get("select_staging_schema")).query(String.class).single();
    if (!schema.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalStateException("unexpected schema name " + schema);
    }
    return schema;
  }

  /** A scratch table by its name in SQL and as a GDAL layer: schema.table. */
  String staged(String table) {
    return stagingSchema() + "." + table;
  }

  private static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** GDAL's messages without our temporary paths, at most 20 lines. */
  static String clean(String text, Path workDir) {
    return text.replace(workDir.toString() + "/", "")
        .replace(workDir.toString(), "")
        .lines()
        .filter(l -> !l.isBlank())
        .limit(20)
        .reduce((a, b) -> a + "\n" + b)
        .orElse("")
        .trim();
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // left for the temporary directory's own cleanup
    }
  }

  /**
   * A fresh work directory for one import or export: {@code redline-<kind>-<pid>-…} in the
   * temporary directory, so that the directories a killed process left can be told from those in
   * use ({@link #removeOrphanedWorkDirectories}).
   */
  static Path workDirectory(String kind) throws IOException {
    return Files.createTempDirectory("redline-" + kind + "-" + ProcessHandle.current().pid() + "-");
  }

  private static final java.util.regex.Pattern WORK_DIRECTORY =
      java.util.regex.Pattern.compile("^redline-(import|export)-([0-9]+)-.*");

  /**
   * Removes the work directories of processes that are gone, and this process's own from before (a
   * restarted container may be given the pid its killed predecessor had): called at start, before
   * any import or export of ours runs. Returns how many were removed.
   */
  static int removeOrphanedWorkDirectories() {
    long self = ProcessHandle.current().pid();
    int removed = 0;
    try (var list = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      for (Path dir : list.toList()) {
        var m = WORK_DIRECTORY.matcher(dir.getFileName().toString());
        if (m.matches() && Files.isDirectory(dir)) {
          long pid = Long.parseLong(m.group(2));
          if (pid == self || ProcessHandle.of(pid).isEmpty()) {
            deleteTree(dir);
            removed++;
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      log.warn("could not look for orphaned work directories", e);
    }
    return removed;
  }

  /** Removes a work directory and everything in it. */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(Gdal::deleteQuietly);
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
