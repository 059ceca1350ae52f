package cn.foshan.redline.renovation;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.Queryable;
import cn.foshan.redline.maps.SqlLayer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class VillageParkLayer {

  @Bean
  FeatureLayer villagePark() {
    return SqlLayer.of("renovation", "village_park", "村级工业园", "Village industrial parks", 10, 50)
        .filterableBy(
            Queryable.of("code", "园区编号 park code", Queryable.Type.TEXT, "code"),
            Queryable.of("name", "名称 name", Queryable.Type.TEXT, "name"),
            Queryable.of("district", "区 district code", Queryable.Type.CODE, "district_code"),
            Queryable.of("town", "镇街 town code", Queryable.Type.CODE, "town_code"),
            Queryable.of("status", "改造状态 renovation status", Queryable.Type.TEXT, "status"),
            Queryable.of(
                "renovationType",
                "改造类型 FULL, LIGHT, COMPREHENSIVE",
                Queryable.Type.TEXT,
                "renovation_type"),
            Queryable.of("planYear", "计划年度 plan year", Queryable.Type.INTEGER, "plan_year"),
            Queryable.of(
                "modernPark",
                "现代化产业园项目 modern-park project",
                Queryable.Type.BOOLEAN,
                "modern_park"),
            Queryable.of("areaMu", "面积 area, mu (ellipsoidal)", Queryable.Type.NUMBER, "area_mu"),
            Queryable.of("version", "版本 version", Queryable.Type.INTEGER, "version"),
            Queryable.of("updatedAt", "更新时间 updated at", Queryable.Type.TIMESTAMP, "updated_at"))
        .keepingHistory("village_park");
  }
}
