package cn.foshan.redline.renovation;

import static cn.foshan.redline.maps.LayerField.code;
import static cn.foshan.redline.maps.LayerField.coded;
import static cn.foshan.redline.maps.LayerField.derived;
import static cn.foshan.redline.maps.LayerField.optional;
import static cn.foshan.redline.maps.LayerField.required;
import static cn.foshan.redline.maps.LayerField.text;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.LayerDefinition;
import cn.foshan.redline.maps.LayerField;
import cn.foshan.redline.maps.Queryable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Village industrial parks 村级工业园: drawn by renovation status, kept with history, edited. */
@Configuration(proxyBeanMethods = false)
class VillageParkLayer {

  @Bean
  FeatureLayer villagePark() {
    return LayerDefinition.of("renovation", "village_park", "村级工业园", "Village industrial parks")
        .drawn(10, 50)
        .table("village_park")
        .keepingHistory()
        .fields(
            text("code", "code", "编码", "Code"),
            required("name", "name", LayerField.Type.TEXT, "名称", "Name"),
            derived("districtCode", "district_code", LayerField.Type.TEXT, "区", "District"),
            derived("townCode", "town_code", LayerField.Type.TEXT, "镇街", "Town"),
            required("ownerVillage", "owner_village", LayerField.Type.TEXT, "权属村", "Owner village"),
            coded(
                "renovationType",
                "renovation_type",
                false,
                "改造方式",
                "Renovation type",
                code("FULL", "全面改造", "Full renovation"),
                code("LIGHT", "微改造", "Light renovation"),
                code("COMPREHENSIVE", "综合整治", "Comprehensive improvement")),
            optional("planYear", "plan_year", LayerField.Type.INTEGER, "计划年度", "Plan year"),
            coded(
                "targetUse",
                "target_use",
                false,
                "改造后用途",
                "Target use",
                code("INDUSTRIAL", "工改工", "Industrial (工改工)"),
                code("COMMERCIAL", "工改商", "Commercial"),
                code("RESIDENTIAL", "工改居", "Residential"),
                code("PUBLIC", "公共设施", "Public facilities"),
                code("ECOLOGICAL", "复垦复绿", "Farmland or green")),
            coded(
                "status",
                "status",
                false,
                "改造状态",
                "Status",
                code("NOT_PLANNED", "未列入计划", "Not planned"),
                code("PLANNED", "计划", "Planned"),
                code("DEMOLITION", "拆除", "Demolition"),
                code("CONSTRUCTION", "建设", "Construction"),
                code("COMPLETED", "竣工", "Completed"),
                code("PRODUCTION", "投产", "In production")),
            optional("statusSince", "status_since", LayerField.Type.DATE, "状态起始", "Status since"),
            optional(
                "floorAreaBeforeM2",
                "floor_area_before_m2",
                LayerField.Type.DECIMAL,
                "改造前建筑面积（m²）",
                "Floor area before (m²)"),
            optional(
                "plotRatioBefore",
                "plot_ratio_before",
                LayerField.Type.DECIMAL,
                "改造前容积率",
                "Plot ratio before"),
            optional(
                "enterprisesBefore",
                "enterprises_before",
                LayerField.Type.INTEGER,
                "改造前企业数",
                "Enterprises before"),
            optional(
                "demolishedAreaM2",
                "demolished_area_m2",
                LayerField.Type.DECIMAL,
                "拆除面积（m²）",
                "Demolished (m²)"),
            optional(
                "newFloorAreaM2",
                "new_floor_area_m2",
                LayerField.Type.DECIMAL,
                "新建建筑面积（m²）",
                "New floor area (m²)"),
            optional(
                "plotRatioAfter",
                "plot_ratio_after",
                LayerField.Type.DECIMAL,
                "改造后容积率",
                "Plot ratio after"),
            optional(
                "enterprisesAfter",
                "enterprises_after",
                LayerField.Type.INTEGER,
                "改造后企业数",
                "Enterprises after"),
            optional("modernPark", "modern_park", LayerField.Type.BOOLEAN, "现代化产业园", "Modern park"))
        .queryable("code", "园区编号 park code")
        .queryable("name", "名称 name")
        .queryable(Queryable.district())
        .queryable(Queryable.town())
        .queryable("status", "改造状态 renovation status")
        .queryable("renovationType", "改造类型 FULL, LIGHT, COMPREHENSIVE")
        .queryable("planYear", "计划年度 plan year")
        .queryable(
            "targetUse", "改造后用途 INDUSTRIAL (工改工), COMMERCIAL, RESIDENTIAL, PUBLIC, ECOLOGICAL")
        .queryable("modernPark", "现代化产业园项目 modern-park project")
        .queryable(Queryable.areaMu())
        .queryable(Queryable.version())
        .queryable(Queryable.updatedAt())
        .tileAttributes("code", "name", "district_code", "status", "renovation_type", "modern_park")
        .editable(
            new LayerDefinition.Editing("村级工业园", "Village industrial park", "VP", 20e6, 20_000, 13))
        .build();
  }
}
