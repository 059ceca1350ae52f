package cn.foshan.redline.factory;

import static cn.foshan.redline.maps.LayerField.code;
import static cn.foshan.redline.maps.LayerField.coded;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.LayerDefinition;
import cn.foshan.redline.maps.Queryable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Commercial factory buildings 商品厂房: drawn, read; not edited on the map. */
@Configuration(proxyBeanMethods = false)
class FactoryBuildingLayer {

  @Bean
  FeatureLayer factoryBuilding() {
    return LayerDefinition.of(
            "factory", "factory_building", "商品厂房", "Factory buildings for sale or lease")
        .drawn(12, 70)
        .fields(
            coded(
                "stage",
                "stage",
                true,
                "阶段",
                "Stage",
                code("INDUSTRY_INTRODUCTION", "产业导入", "Industry introduction"),
                code("APPROVAL", "开发报建", "Approval"),
                code("CONSTRUCTION", "施工建设", "Construction"),
                code("SALES", "宣传销售", "Sales"),
                code("OPERATION", "使用运营", "Operation"),
                code("ASSESSMENT", "产出考核", "Output assessment")))
        .queryable(Queryable.of("code", "厂房编号 building code", Queryable.Type.TEXT, "code"))
        .queryable(Queryable.of("name", "名称 name", Queryable.Type.TEXT, "name"))
        .queryable(Queryable.of("developer", "开发商 developer", Queryable.Type.TEXT, "developer"))
        .queryable("stage", "阶段 stage")
        .queryable(
            Queryable.of(
                "stageSince", "进入阶段日期 in its stage since", Queryable.Type.DATE, "stage_since"))
        .queryable(Queryable.of("parcelId", "宗地 parcel id", Queryable.Type.INTEGER, "parcel_id"))
        .queryable(Queryable.district())
        .queryable(
            Queryable.of(
                "floorAreaM2", "建筑面积 floor area, m²", Queryable.Type.NUMBER, "floor_area_m2"))
        .queryable(Queryable.version())
        .queryable(Queryable.updatedAt())
        .build();
  }
}
