package cn.foshan.redline.contiguity;

import cn.foshan.redline.contiguity.Contiguity.By;
import cn.foshan.redline.contiguity.Contiguity.Layer;
import cn.foshan.redline.contiguity.Contiguity.UnitPatches;
import cn.foshan.redline.editing.ChangeSetEffects;
import cn.foshan.redline.system.SqlFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Does a change set fragment the red line? In its preview, every district whose red-line patches it
 * changes: patches, largest patch and share in big blocks before and after, and whether it
 * fragments (more patches, or a smaller share in big blocks). Before: as kept for the last
 * revision; after: the labels the database's triggers keep (V51), read in the preview's transaction
 * after its edits.
 */
@Component
@Order(4)
class ContiguityEffects implements ChangeSetEffects {

  private final Contiguity contiguity;
  private final JdbcClient jdbc;
  private final String touchedSql = SqlFiles.load("contiguity/select_red_line_touched.sql");

  ContiguityEffects(Contiguity contiguity, JdbcClient jdbc) {
    this.contiguity = contiguity;
    this.jdbc = jdbc;
  }

  /**
   * A district's red-line patches before and after a change set; fragments: the patches grow in
   * number or the share in big blocks falls.
   */
  record DistrictChange(
      String code,
      String name,
      String nameEn,
      int patchesBefore,
      int patchesAfter,
      double largestPatchMuBefore,
      double largestPatchMuAfter,
      double bigBlockShareBefore,
      double bigBlockShareAfter,
      boolean fragments) {}

  @Override
  public Map<String, Object> none() {
    return figures(List.of());
  }

  @Override
  public After before(long changeSet, Detail detail) {
    // read before the edits, in their transaction: the committed red line, kept by its revision
    List<UnitPatches> before = contiguity.now(Layer.RED_LINE, By.DISTRICT).units();
    return cs -> {
      boolean touched = jdbc.sql(touchedSql).param("cs", cs).query(Boolean.class).single();
      if (!touched) {
        return figures(List.of());
      }
      List<UnitPatches> after = contiguity.compute(Layer.RED_LINE, By.DISTRICT, null).units();
      return figures(changes(before, after));
    };
  }

  /** The districts whose patches differ, in the order of the districts. */
  static List<DistrictChange> changes(List<UnitPatches> before, List<UnitPatches> after) {
    Map<String, UnitPatches> was = new LinkedHashMap<>();
    before.forEach(u -> was.put(u.code(), u));
    List<DistrictChange> changes = new ArrayList<>();
    for (UnitPatches a : after) {
      UnitPatches b = was.get(a.code());
      if (b == null) {
        continue; // a district added meanwhile: not this change set's
      }
      if (b.patches() == a.patches()
          && b.pieces() == a.pieces()
          && b.areaMu() == a.areaMu()
          && b.largestPatchMu() == a.largestPatchMu()
          && b.bigBlockShare() == a.bigBlockShare()) {
        continue;
      }
      changes.add(
          new DistrictChange(
              a.code(),
              Objects.requireNonNullElse(a.name(), a.code()),
              a.nameEn(),
              b.patches(),
              a.patches(),
              b.largestPatchMu(),
              a.largestPatchMu(),
              b.bigBlockShare(),
              a.bigBlockShare(),
              a.patches() > b.patches() || a.bigBlockShare() < b.bigBlockShare()));
    }
    return changes;
  }

  private Map<String, Object> figures(List<DistrictChange> districts) {
    Map<String, Object> contiguityFigures = new LinkedHashMap<>();
    contiguityFigures.put("gapM", contiguity.properties().gapM());
    contiguityFigures.put("bigBlockMu", contiguity.properties().bigBlockMu());
    contiguityFigures.put("districts", districts);
    contiguityFigures.put("fragments", districts.stream().anyMatch(DistrictChange::fragments));
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("contiguity", contiguityFigures);
    return figures;
  }
}
