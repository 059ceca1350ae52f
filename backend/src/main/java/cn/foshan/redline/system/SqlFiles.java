package cn.foshan.redline.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SQL kept in files, one query per file under {@code sql/<capability>/<verb_noun>.sql}. Values are
 * always bound as named parameters; nothing is formatted into the text.
 */
public final class SqlFiles {

  private SqlFiles() {}

  /**
   * The text of {@code sql/<path>}, read once at start-up by the component that uses it. A file
   * with template slots ({@code /*name*}{@code /}) is refused: its slots would reach the database
   * unfilled; it is loaded with {@link SqlTemplate#load}, which checks that each is filled.
   */
  public static String load(String path) {
    String text = text(path);
    java.util.Set<String> slots = SqlTemplate.slotsIn(text);
    if (!slots.isEmpty()) {
      throw new IllegalStateException(
          "sql/"
              + path
              + " has the template slots "
              + slots.stream().map(s -> "/*" + s + "*/").toList()
              + ": load it with SqlTemplate.load(\""
              + path
              + "\", "
              + String.join(", ", slots.stream().map(s -> "\"" + s + "\"").toList())
              + "), which checks that each is filled, not with SqlFiles.load");
    }
    return text;
  }

  /** The text of {@code sql/<path>} as it is, slots and all (for {@link SqlTemplate}). */
  static String text(String path) {
    try (InputStream in = SqlFiles.class.getResourceAsStream("/sql/" + path)) {
      if (in == null) {
        throw new IllegalStateException("missing SQL file sql/" + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The queries {@code sql/<capability>/<name>.sql} of a component, by name. */
  public static Map<String, String> loadAll(String capability, String... names) {
    Map<String, String> queries = new LinkedHashMap<>();
    for (String name : names) {
      queries.put(name, load(capability + "/" + name + ".sql"));
    }
    return Map.copyOf(queries);
  }

  /**
   * The statements of a file of several, each ended by a semicolon at the end of its line (a
   * semicolon inside a line, as in a comment, does not end one); blank ones left out.
   */
  public static java.util.List<String> statements(String script) {
    return java.util.Arrays.stream(script.split(";[ \\t]*(\\R|$)"))
        .filter(s -> !s.isBlank())
        .toList();
  }
}
