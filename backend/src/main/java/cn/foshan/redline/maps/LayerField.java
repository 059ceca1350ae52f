package cn.foshan.redline.maps;

import java.util.List;

/**
 * An attribute of a layer's features, as its layer defines it once: the property (camelCase, as the
 * API and the browser name it), the column of the layer's table, its type, its label for people
 * (Chinese, English), and for editing whether it is required on create, derived from the shape when
 * not given (district, town, cluster) and which codes it allows, each with its label.
 *
 * @param property the name in the API (camelCase)
 * @param column the column of the layer's table
 * @param type its type
 * @param label what it is called, Chinese and English
 * @param required whether a new feature must have it
 * @param derived whether it follows from the shape when not given
 * @param codes the values it may take, in their order, each labelled; empty for any value
 */
public record LayerField(
    String property,
    String column,
    Type type,
    Label label,
    boolean required,
    boolean derived,
    List<Code> codes) {

  /** The types of attributes. */
  public enum Type {
    TEXT,
    DATE,
    INTEGER,
    DECIMAL,
    BOOLEAN,
    TEXT_LIST
  }

  /** A name for people: Chinese, shown first, and English. */
  public record Label(String zh, String en) {}

  /** A value a coded attribute may take, and its label. */
  public record Code(String value, Label label) {}

  public LayerField {
    if (!property.matches("[a-z][a-zA-Z0-9]*") || !column.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a property and column: " + property + ", " + column);
    }
    codes = List.copyOf(codes);
  }

  /** An optional text. */
  public static LayerField text(String property, String column, String zh, String en) {
    return new LayerField(property, column, Type.TEXT, new Label(zh, en), false, false, List.of());
  }

  /** An attribute every new feature must have. */
  public static LayerField required(
      String property, String column, Type type, String zh, String en) {
    return new LayerField(property, column, type, new Label(zh, en), true, false, List.of());
  }

  /** An optional attribute. */
  public static LayerField optional(
      String property, String column, Type type, String zh, String en) {
    return new LayerField(property, column, type, new Label(zh, en), false, false, List.of());
  }

  /** An attribute that follows from the shape when not given (district, town, cluster). */
  public static LayerField derived(
      String property, String column, Type type, String zh, String en) {
    return new LayerField(property, column, type, new Label(zh, en), false, true, List.of());
  }

  /** A coded text attribute: one of these codes. */
  public static LayerField coded(
      String property, String column, boolean required, String zh, String en, Code... codes) {
    return new LayerField(
        property, column, Type.TEXT, new Label(zh, en), required, false, List.of(codes));
  }

  /** A code and its label. */
  public static Code code(String value, String zh, String en) {
    return new Code(value, new Label(zh, en));
  }

  /** The codes it allows (empty for any value). */
  public List<String> allowed() {
    return codes.stream().map(Code::value).toList();
  }
}
