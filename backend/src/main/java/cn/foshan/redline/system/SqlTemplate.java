package cn.foshan.redline.system;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement with named slots, the one way SQL text is composed in this service. A slot is a
 * comment of one lower-case word (slash, star, {@code table}, star, slash), so a template stays
 * valid SQL for psql and an editor; ordinary comments have spaces and are left alone.
 *
 * <p>Checked twice, so a misspelt slot fails at start-up, never silently at run time:
 *
 * <ul>
 *   <li>when loaded, the slots in the text must be exactly the slots the caller names;
 *   <li>when used, every slot must be filled exactly once, and nothing else.
 * </ul>
 *
 * <p>Values are never taken from a request: an {@link Fill#identifier identifier} must be a plain
 * lower-case SQL name (a table from the layer catalog, a column from a fixed list), and a {@link
 * Fill#sql fragment} is SQL text the caller composed from its own constants or other templates.
 * Values from users are bound as named parameters, as everywhere.
 */
public final class SqlTemplate {

  private static final Pattern SLOT = Pattern.compile("/\\*([a-z][a-z0-9_]*)\\*/");
  private static final Pattern IDENTIFIER =
      Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

  private final String name;
  private final String text;
  private final Set<String> slots;

  private SqlTemplate(String name, String text, Set<String> slots) {
    this.name = name;
    this.text = text;
    this.slots = slots;
  }

  /** The template {@code sql/<path>}, which must have exactly the slots named. */
  public static SqlTemplate load(String path, String... slots) {
    return of("sql/" + path, SqlFiles.text(path), slots);
  }

  /** A template given as text (named for messages), which must have exactly the slots named. */
  public static SqlTemplate of(String name, String text, String... slots) {
    Set<String> found = slotsIn(text);
    Set<String> expected = new TreeSet<>(Set.of(slots));
    if (!found.equals(expected)) {
      throw new IllegalStateException(
          name + " has the slots " + found + " but its user fills " + expected);
    }
    return new SqlTemplate(name, text, Set.copyOf(expected));
  }

  /** The slots of a text, in alphabetical order. */
  static Set<String> slotsIn(String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = SLOT.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /** The text with no slot filled; only for a template without slots. */
  public String sql() {
    return fill().sql();
  }

  /** Starts filling the slots. */
  public Fill fill() {
    return new Fill();
  }

  /** Fills one slot with an identifier and returns the statement if it was the only one. */
  public Fill identifier(String slot, String identifier) {
    return fill().identifier(slot, identifier);
  }

  /** Fills one slot with SQL text. */
  public Fill sql(String slot, String fragment) {
    return fill().sql(slot, fragment);
  }

  @Override
  public String toString() {
    return name;
  }

  /** The values of a template's slots, each given once. */
  public final class Fill {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Fill() {}

    /** A plain lower-case SQL name (optionally schema-qualified), e.g. a layer's table. */
    public Fill identifier(String slot, String identifier) {
      if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
        throw new IllegalArgumentException(
            name + ": '" + identifier + "' is not a plain SQL name for /*" + slot + "*/");
      }
      return put(slot, identifier);
    }

    /** SQL text the caller composed from constants or other templates, never from a request. */
    public Fill sql(String slot, String fragment) {
      if (fragment == null) {
        throw new IllegalArgumentException(name + ": no SQL for /*" + slot + "*/");
      }
      return put(slot, fragment);
    }

    private Fill put(String slot, String value) {
      if (!slots.contains(slot)) {
        throw new IllegalArgumentException(name + " has no slot /*" + slot + "*/");
      }
      if (values.putIfAbsent(slot, value) != null) {
        throw new IllegalArgumentException(name + ": /*" + slot + "*/ filled twice");
      }
      return this;
    }

    /** The statement; every slot must have been filled. */
    public String sql() {
      if (!values.keySet().equals(slots)) {
        Set<String> missing = new TreeSet<>(slots);
        missing.removeAll(values.keySet());
        throw new IllegalStateException(name + ": slots not filled " + missing);
      }
      Matcher m = SLOT.matcher(text);
      StringBuilder out = new StringBuilder(text.length() + 256);
      while (m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
      }
      m.appendTail(out);
      return out.toString();
    }

    @Override
    public String toString() {
      return sql();
    }
  }
}
