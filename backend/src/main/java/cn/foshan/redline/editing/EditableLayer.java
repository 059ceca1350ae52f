package cn.foshan.redline.editing;

import java.util.List;
import java.util.Optional;

/**
 * A layer that can be edited: its table, and the attributes a client may give, by property name
 * (camelCase, as in the API) and column. Derived attributes (district, town, cluster) follow from
 * the shape when not given.
 */
record EditableLayer(
    String id, String table, String name, String nameEn, String codePrefix, List<Field> fields) {

  enum Type {
    TEXT,
    DATE,
    INTEGER,
    DECIMAL,
    BOOLEAN,
    TEXT_LIST
  }

  /** An attribute: required on create; allowed values when it is a code; derived from the shape. */
  record Field(
      String property,
      String column,
      Type type,
      boolean required,
      List<String> allowed,
      boolean derived) {

    static Field text(String property, String column) {
      return new Field(property, column, Type.TEXT, false, List.of(), false);
    }

    static Field required(String property, String column, Type type) {
      return new Field(property, column, type, true, List.of(), false);
    }

    static Field optional(String property, String column, Type type) {
      return new Field(property, column, type, false, List.of(), false);
    }

    static Field code(String property, String column, boolean required, String... allowed) {
      return new Field(property, column, Type.TEXT, required, List.of(allowed), false);
    }

    static Field derived(String property, String column, Type type) {
      return new Field(property, column, type, false, List.of(), true);
    }
  }

  Optional<Field> field(String property) {
    return fields.stream().filter(f -> f.property().equals(property)).findFirst();
  }
}
