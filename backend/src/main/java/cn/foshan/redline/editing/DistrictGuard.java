package cn.foshan.redline.editing;

import cn.foshan.redline.security.AppUser;
import cn.foshan.redline.security.Role;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A district officer works in their own district: the shape they write, and the feature they
 * change, belong to it by most of their area (not by the boundaries' 0.001° tolerance of
 * containment, which reaches ~100 m into the neighbour). The database holds the same rule (V14);
 * this check answers first, with a message that names the district.
 */
@Component
class DistrictGuard {

  private final JdbcClient jdbc;
  private final EditApplier applier;
  private final EditableLayers layers;
  private final String withinDistrict = SqlFiles.load("editing/within_district.sql");

  DistrictGuard(JdbcClient jdbc, EditApplier applier, EditableLayers layers) {
    this.layers = layers;
    this.jdbc = jdbc;
    this.applier = applier;
  }

  /**
   * Refuses (403; 404 if there is no such feature) a district officer's write of a feature that
   * lies mostly outside their district. Called before a request's content is looked at, so that who
   * may not write a feature learns nothing from the answer about what they sent.
   */
  void requireMayWrite(AppUser user, String layer, long featureId) {
    if (user.role() == Role.DISTRICT) {
      requireInDistrict(user.districtCode(), layers.get(layer), featureId, null);
    }
  }

  /** Refuses a shape (if given) or a feature (if given) lying mostly outside the district. */
  void requireInDistrict(String district, EditableLayer layer, Long featureId, String geometry) {
    if (geometry != null) {
      requireOwn(district, geometry, "这个图形", "this shape");
    }
    if (featureId != null) {
      requireOwn(
          district,
          applier.current(layer.id(), featureId).at("/geometry").toString(),
          "这个要素",
          "this feature");
    }
  }

  private void requireOwn(String district, String geojson, String what, String whatEn) {
    var owner =
        jdbc.sql(withinDistrict)
            .param("geojson", geojson)
            .query((rs, n) -> new String[] {rs.getString("code"), rs.getString("name")})
            .optional();
    if (owner.isEmpty() || !owner.get()[0].equals(district)) {
      String where = owner.map(o -> o[1]).orElse("佛山市域外");
      String whereEn = owner.map(o -> "district " + o[0]).orElse("outside Foshan");
      throw ApiException.forbidden(
          "区级用户只在本区内提出修改："
              + what
              + "的大部分面积在"
              + where
              + "（a district officer proposes changes in their own district only: most of "
              + whatEn
              + " lies in "
              + whereEn
              + "）");
    }
  }
}
