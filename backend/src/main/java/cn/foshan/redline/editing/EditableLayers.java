package cn.foshan.redline.editing;

import static cn.foshan.redline.editing.EditableLayer.Field.code;
import static cn.foshan.redline.editing.EditableLayer.Field.derived;
import static cn.foshan.redline.editing.EditableLayer.Field.optional;
import static cn.foshan.redline.editing.EditableLayer.Field.required;
import static cn.foshan.redline.editing.EditableLayer.Field.text;

import cn.foshan.redline.system.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The five editable layers and their attributes: the one list the API, SQL and checks follow. */
final class EditableLayers {

  private static final Map<String, EditableLayer> LAYERS = new LinkedHashMap<>();

  static {
    add(
        new EditableLayer(
            "cluster",
            "industrial_cluster",
            "工业集聚区",
            "Industrial cluster",
            "JJQ",
            List.of(
                text("code", "code"),
                required("name", "name", EditableLayer.Type.TEXT),
                required("nameEn", "name_en", EditableLayer.Type.TEXT),
                optional("leadingIndustries", "leading_industries", EditableLayer.Type.TEXT_LIST),
                optional("flagship", "flagship", EditableLayer.Type.BOOLEAN))));
    add(
        new EditableLayer(
            "red_line",
            "red_line",
            "工业用地红线",
            "Red line",
            "RL",
            List.of(
                text("code", "code"),
                derived("districtCode", "district_code", EditableLayer.Type.TEXT),
                derived("clusterId", "cluster_id", EditableLayer.Type.INTEGER),
                required("designatedOn", "designated_on", EditableLayer.Type.DATE),
                text("documentNumber", "document_number"))));
    add(
        new EditableLayer(
            "reserve_land",
            "reserve_land",
            "储备用地",
            "Reserve land",
            "CB",
            List.of(
                text("code", "code"),
                required("name", "name", EditableLayer.Type.TEXT),
                derived("districtCode", "district_code", EditableLayer.Type.TEXT),
                code(
                    "stage",
                    "stage",
                    true,
                    "ACQUIRED",
                    "PREPARING",
                    "READY",
                    "SUPPLIED",
                    "STARTED"),
                required("stageSince", "stage_since", EditableLayer.Type.DATE),
                code("ownership", "ownership", true, "STATE", "COLLECTIVE"),
                optional("investmentPerMu", "investment_per_mu", EditableLayer.Type.DECIMAL),
                optional("outputPerMu", "output_per_mu", EditableLayer.Type.DECIMAL),
                optional("taxPerMu", "tax_per_mu", EditableLayer.Type.DECIMAL),
                optional("plotRatioMin", "plot_ratio_min", EditableLayer.Type.DECIMAL),
                optional(
                    "energyPer10kCnyTce", "energy_per_10k_cny_tce", EditableLayer.Type.DECIMAL),
                text("environmentalTerms", "environmental_terms"))));
    add(
        new EditableLayer(
            "village_park",
            "village_park",
            "村级工业园",
            "Village industrial park",
            "VP",
            List.of(
                text("code", "code"),
                required("name", "name", EditableLayer.Type.TEXT),
                derived("districtCode", "district_code", EditableLayer.Type.TEXT),
                derived("townCode", "town_code", EditableLayer.Type.TEXT),
                required("ownerVillage", "owner_village", EditableLayer.Type.TEXT),
                code("renovationType", "renovation_type", false, "FULL", "LIGHT", "COMPREHENSIVE"),
                optional("planYear", "plan_year", EditableLayer.Type.INTEGER),
                code(
                    "status",
                    "status",
                    false,
                    "NOT_PLANNED",
                    "PLANNED",
                    "DEMOLITION",
                    "CONSTRUCTION",
                    "COMPLETED",
                    "PRODUCTION"),
                optional("statusSince", "status_since", EditableLayer.Type.DATE),
                optional("floorAreaBeforeM2", "floor_area_before_m2", EditableLayer.Type.DECIMAL),
                optional("plotRatioBefore", "plot_ratio_before", EditableLayer.Type.DECIMAL),
                optional("enterprisesBefore", "enterprises_before", EditableLayer.Type.INTEGER),
                optional("demolishedAreaM2", "demolished_area_m2", EditableLayer.Type.DECIMAL),
                optional("newFloorAreaM2", "new_floor_area_m2", EditableLayer.Type.DECIMAL),
                optional("plotRatioAfter", "plot_ratio_after", EditableLayer.Type.DECIMAL),
                optional("enterprisesAfter", "enterprises_after", EditableLayer.Type.INTEGER),
                optional("modernPark", "modern_park", EditableLayer.Type.BOOLEAN))));
    add(
        new EditableLayer(
            "parcel",
            "parcel",
            "宗地",
            "Parcel",
            "ZD",
            List.of(
                text("code", "code"),
                derived("districtCode", "district_code", EditableLayer.Type.TEXT),
                derived("townCode", "town_code", EditableLayer.Type.TEXT),
                derived("clusterId", "cluster_id", EditableLayer.Type.INTEGER),
                code("landUse", "land_use", true, "0601", "0602", "0604"),
                code("grantType", "grant_type", true, "GRANT", "LEASE", "ALLOCATION"),
                required("grantedOn", "granted_on", EditableLayer.Type.DATE),
                optional("grantTermYears", "grant_term_years", EditableLayer.Type.INTEGER),
                optional("worksStartedOn", "works_started_on", EditableLayer.Type.DATE),
                optional("completedOn", "completed_on", EditableLayer.Type.DATE),
                optional("productionStartedOn", "production_started_on", EditableLayer.Type.DATE),
                optional("floorAreaM2", "floor_area_m2", EditableLayer.Type.DECIMAL))));
  }

  private EditableLayers() {}

  private static void add(EditableLayer layer) {
    LAYERS.put(layer.id(), layer);
  }

  static List<EditableLayer> all() {
    return List.copyOf(LAYERS.values());
  }

  /** The editable layer with this id, or a 400 problem naming the editable layers. */
  static EditableLayer get(String id) {
    EditableLayer layer = LAYERS.get(id);
    if (layer == null) {
      throw ApiException.badRequest(
          "not-editable",
          "图层 “"
              + id
              + "” 不能编辑，可编辑的图层："
              + String.join("、", LAYERS.keySet())
              + "（layer '"
              + id
              + "' cannot be edited; editable layers: "
              + String.join(", ", LAYERS.keySet())
              + "）");
    }
    return layer;
  }
}
