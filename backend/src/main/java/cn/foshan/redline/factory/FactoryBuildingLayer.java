package cn.foshan.redline.factory;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.Queryable;
import cn.foshan.redline.maps.SqlLayer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FactoryBuildingLayer {

  @Bean
  FeatureLayer factoryBuilding() {
    return SqlLayer.of(
            "factory", "factory_building", "商品厂房", "Factory buildings for sale or lease", 12, 70)
        .filterableBy(
            Queryable.of("code", "厂房编号 building code", Queryable.Type.TEXT, "code"),
            Queryable.of("name", "名称 name", Queryable.Type.TEXT, "name"),
            Queryable.of("developer", "开发商 developer", Queryable.Type.TEXT, "developer"),
            Queryable.of("stage", "阶段 stage", Queryable.Type.TEXT, "stage"),
            Queryable.of(
                "stageSince", "进入阶段日期 in its stage since", Queryable.Type.DATE, "stage_since"),
            Queryable.of("parcelId", "宗地 parcel id", Queryable.Type.INTEGER, "parcel_id"),
            Queryable.of("district", "区 district code", Queryable.Type.CODE, "district_code"),
            Queryable.of(
                "floorAreaM2", "建筑面积 floor area, m²", Queryable.Type.NUMBER, "floor_area_m2"),
            Queryable.of("version", "版本 version", Queryable.Type.INTEGER, "version"),
            Queryable.of("updatedAt", "更新时间 updated at", Queryable.Type.TIMESTAMP, "updated_at"));
  }
}
