package cn.foshan.redline.maps;

import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A layer, defined once by the capability that owns it: what it is called, how it is drawn, its
 * table and queries ({@code sql/<capability>/select_<id>_tile_features.sql} and {@code
 * sql/<capability>/select_<id>_features.sql}), its fields with their labels and code lists, the
 * properties filters may name, whether it keeps history, its tile attributes, and whether and how
 * it is edited. Tiles, identify, OGC API, editing, exports and the browser ({@code /api/layers})
 * all read it; none of them names a layer.
 *
 * @param table the layer's table (null for a layer neither kept nor edited)
 * @param featuresOverTimeSql the features over a time, for a layer keeping history (else null)
 * @param temporalExtentSql the start of its history, for a layer keeping history (else null)
 * @param fields its attributes, with labels and code lists; those of an editable layer are what
 *     editing accepts
 * @param tileAttributes the attributes a tile of it as of a moment carries, read from the kept
 *     versions (the current tiles' query names its own)
 * @param editing how it is edited, or null when it is not
 * @param style how the browser draws it when it has no cartography of its own for it (null: its
 *     default grey)
 * @param shownAtStart whether the map shows it before anyone switches it on
 */
public record LayerDefinition(
    String id,
    String name,
    String nameEn,
    int minZoom,
    int drawOrder,
    String table,
    String tileFeaturesSql,
    String featuresSql,
    boolean textIds,
    List<Queryable> queryables,
    String featuresOverTimeSql,
    String temporalExtentSql,
    List<LayerField> fields,
    List<TileAttribute> tileAttributes,
    Editing editing,
    LayerStyle style,
    boolean shownAtStart)
    implements FeatureLayer {

  private static final SqlTemplate OVER_TIME =
      SqlTemplate.load("maps/select_table_over_time.sql", "table", "layer");
  private static final SqlTemplate HISTORY_EXTENT =
      SqlTemplate.load("maps/select_history_extent.sql", "table", "layer");

  /**
   * How an editable layer is edited.
   *
   * @param name what one of its features is called, Chinese
   * @param nameEn the same in English
   * @param codePrefix the start of the codes made for features created without one
   * @param maxAreaM2 the largest shape, m² (ellipsoidal)
   * @param maxPoints the most points a shape may have, as its table's CHECK (V4) says
   * @param snappingZoom from which zoom the neighbours are loaded for snapping (fewer, larger
   *     features lower)
   */
  public record Editing(
      String name,
      String nameEn,
      String codePrefix,
      double maxAreaM2,
      int maxPoints,
      int snappingZoom) {

    public Editing {
      if (!codePrefix.matches("[A-Z]{1,8}")) {
        throw new IllegalArgumentException("not a code prefix: " + codePrefix);
      }
    }
  }

  /** An attribute of the tiles, by column, and its type. */
  public record TileAttribute(String column, LayerField.Type type) {

    public TileAttribute {
      if (!column.matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException("not a column: " + column);
      }
    }
  }

  public LayerDefinition {
    if (!id.matches("[a-z_]+")) {
      throw new IllegalArgumentException("not a layer id: " + id);
    }
    queryables = List.copyOf(queryables);
    fields = List.copyOf(fields);
    tileAttributes = List.copyOf(tileAttributes);
    if (editing != null && (table == null || featuresOverTimeSql == null)) {
      throw new IllegalStateException(id + ": an editable layer has a table and keeps history");
    }
  }

  @Override
  public boolean versioned() {
    return featuresOverTimeSql != null;
  }

  @Override
  public Optional<Editing> editable() {
    return Optional.ofNullable(editing);
  }

  /** The field of this property, if there is one. */
  public Optional<LayerField> field(String property) {
    return fields.stream().filter(f -> f.property().equals(property)).findFirst();
  }

  /** Starts the definition of a layer of a capability, reading its SQL files. */
  public static Builder of(String capability, String id, String name, String nameEn) {
    return new Builder(capability, id, name, nameEn);
  }

  /** The parts of a layer's definition, given in any order; {@link #build()} checks them. */
  public static final class Builder {
    private final String capability;
    private final String id;
    private final String name;
    private final String nameEn;
    private int minZoom;
    private int drawOrder;
    private String table;
    private boolean history;
    private boolean textIds;
    private final List<LayerField> fields = new ArrayList<>();
    private final List<Object> queryables = new ArrayList<>();
    private final List<String> tileAttributes = new ArrayList<>();
    private Editing editing;
    private LayerStyle style;
    private boolean shownAtStart = true;

    private Builder(String capability, String id, String name, String nameEn) {
      this.capability = capability;
      this.id = id;
      this.name = name;
      this.nameEn = nameEn;
    }

    /** Drawn from this zoom on, in this place from the bottom. */
    public Builder drawn(int minZoom, int drawOrder) {
      this.minZoom = minZoom;
      this.drawOrder = drawOrder;
      return this;
    }

    /** Its features are the rows of this table. */
    public Builder table(String table) {
      if (!table.matches("[a-z_]+")) {
        throw new IllegalArgumentException("not a table: " + table);
      }
      this.table = table;
      return this;
    }

    /**
     * Every version of its features is kept in {@code feature_history} under the layer's id (the
     * editing triggers keep them): it can be drawn and read as of a moment. Its features query
     * names its table by the slot {@code table}; over a time, the table's rows of that time go
     * there ({@code maps/select_table_over_time.sql}).
     */
    public Builder keepingHistory() {
      this.history = true;
      return this;
    }

    /** Keyed by a text code rather than a number. */
    public Builder keyedByCode() {
      this.textIds = true;
      return this;
    }

    /** Its attributes. */
    public Builder fields(LayerField... fields) {
      this.fields.addAll(List.of(fields));
      return this;
    }

    /**
     * A property filters may name that is one of its fields (same name, column and type), with a
     * title for people; in the order given, after the geometry.
     */
    public Builder queryable(String property, String title) {
      queryables.add(new FromField(property, title));
      return this;
    }

    /** A property filters may name that is no field: a column of its features relation. */
    public Builder queryable(Queryable queryable) {
      queryables.add(queryable);
      return this;
    }

    /**
     * The columns a tile of it as of a moment carries (besides id, area and shape), read from the
     * kept versions; the type is the field's of that column, else text.
     */
    public Builder tileAttributes(String... columns) {
      tileAttributes.addAll(List.of(columns));
      return this;
    }

    /** It can be edited, so. */
    public Builder editable(Editing editing) {
      this.editing = editing;
      return this;
    }

    /**
     * Drawn so by a browser without cartography of its own for it; colours by code follow a tile
     * attribute that is a coded field, and name only its codes.
     */
    public Builder style(LayerStyle style) {
      this.style = style;
      return this;
    }

    /** Not shown on the map until switched on (a layer for reference, or a dense one). */
    public Builder offAtStart() {
      this.shownAtStart = false;
      return this;
    }

    public LayerDefinition build() {
      if (style != null && style.by() != null) {
        LayerField coded =
            fields.stream()
                .filter(f -> f.column().equals(style.by()) && tileAttributes.contains(f.column()))
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            id
                                + ": its style follows "
                                + style.by()
                                + ", no coded tile attribute"));
        if (!coded.allowed().containsAll(style.colours().keySet())) {
          throw new IllegalStateException(
              id + ": its style colours codes " + style.by() + " lacks");
        }
      }
      String tileSql = SqlFiles.load(capability + "/select_" + id + "_tile_features.sql");
      String featuresPath = capability + "/select_" + id + "_features.sql";
      String featuresSql;
      String overTime = null;
      String extent = null;
      if (history) {
        if (table == null) {
          throw new IllegalStateException(id + ": a layer keeping history names its table");
        }
        SqlTemplate features = SqlTemplate.load(featuresPath, "table");
        featuresSql = features.identifier("table", table).sql();
        overTime =
            features
                .sql(
                    "table",
                    "(" + OVER_TIME.identifier("table", table).identifier("layer", id).sql() + ")")
                .sql();
        extent = HISTORY_EXTENT.identifier("table", table).identifier("layer", id).sql();
      } else {
        featuresSql = SqlTemplate.load(featuresPath).sql();
      }
      List<Queryable> q = new ArrayList<>(List.of(Queryable.geometry()));
      for (Object o : queryables) {
        q.add(o instanceof FromField f ? fromField(f) : (Queryable) o);
      }
      List<TileAttribute> tiles = new ArrayList<>();
      for (String column : tileAttributes) {
        tiles.add(
            new TileAttribute(
                column,
                fields.stream()
                    .filter(f -> f.column().equals(column))
                    .map(LayerField::type)
                    .findFirst()
                    .orElse(LayerField.Type.TEXT)));
      }
      return new LayerDefinition(
          id,
          name,
          nameEn,
          minZoom,
          drawOrder,
          table,
          tileSql,
          featuresSql,
          textIds,
          q,
          overTime,
          extent,
          fields,
          tiles,
          editing,
          style,
          shownAtStart);
    }

    private Queryable fromField(FromField q) {
      LayerField field =
          fields.stream()
              .filter(f -> f.property().equals(q.property()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          id + " has no field " + q.property() + " to filter by"));
      Queryable.Type type =
          switch (field.type()) {
            case TEXT -> Queryable.Type.TEXT;
            case DATE -> Queryable.Type.DATE;
            case INTEGER -> Queryable.Type.INTEGER;
            case DECIMAL -> Queryable.Type.NUMBER;
            case BOOLEAN -> Queryable.Type.BOOLEAN;
            case TEXT_LIST ->
                throw new IllegalStateException(id + ": a list cannot be filtered by");
          };
      return Queryable.of(field.property(), q.title(), type, field.column());
    }

    /** A queryable that is a field. */
    private record FromField(String property, String title) {}
  }
}
