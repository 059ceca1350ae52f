package cn.foshan.redline.parcel;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.Queryable;
import cn.foshan.redline.maps.SqlLayer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ParcelLayer {

  @Bean
  FeatureLayer parcel() {
    return SqlLayer.of("parcel", "parcel", "宗地", "Parcels", 13, 60)
        .keepingHistory("parcel")
        .filterableBy(
            Queryable.of("code", "宗地编号 parcel code", Queryable.Type.TEXT, "code"),
            Queryable.of("district", "区 district code", Queryable.Type.CODE, "district_code"),
            Queryable.of("town", "镇街 town code", Queryable.Type.CODE, "town_code"),
            Queryable.of("clusterId", "工业集聚区 cluster id", Queryable.Type.INTEGER, "cluster_id"),
            Queryable.of("landUse", "用地类型 land use code", Queryable.Type.TEXT, "land_use"),
            Queryable.of(
                "grantType", "供地方式 GRANT, LEASE, ALLOCATION", Queryable.Type.TEXT, "grant_type"),
            Queryable.of("grantedOn", "供地日期 granted on", Queryable.Type.DATE, "granted_on"),
            Queryable.of(
                "worksStartedOn", "动工 start of works", Queryable.Type.DATE, "works_started_on"),
            Queryable.of("completedOn", "竣工 completion", Queryable.Type.DATE, "completed_on"),
            Queryable.of(
                "productionStartedOn",
                "投产 start of production",
                Queryable.Type.DATE,
                "production_started_on"),
            Queryable.of(
                "floorAreaM2", "建筑面积 floor area, m²", Queryable.Type.NUMBER, "floor_area_m2"),
            Queryable.of("areaMu", "面积 area, mu (ellipsoidal)", Queryable.Type.NUMBER, "area_mu"),
            Queryable.of("version", "版本 version", Queryable.Type.INTEGER, "version"),
            Queryable.of("updatedAt", "更新时间 updated at", Queryable.Type.TIMESTAMP, "updated_at"));
  }
}
