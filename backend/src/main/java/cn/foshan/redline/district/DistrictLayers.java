package cn.foshan.redline.district;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.LayerDefinition;
import cn.foshan.redline.maps.Queryable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The districts 区 and towns 镇街: the map's base, keyed by their codes; not edited. */
@Configuration(proxyBeanMethods = false)
class DistrictLayers {

  @Bean
  FeatureLayer districtLayer() {
    return LayerDefinition.of("district", "district", "区", "Districts")
        .drawn(0, 0)
        .keyedByCode()
        .queryable(Queryable.of("code", "区划代码 district code", Queryable.Type.CODE, "code"))
        .queryable(Queryable.of("name", "名称 name", Queryable.Type.TEXT, "name"))
        .queryable(Queryable.of("nameEn", "English name", Queryable.Type.TEXT, "name_en"))
        .build();
  }

  @Bean
  FeatureLayer townLayer() {
    return LayerDefinition.of("district", "town", "镇街", "Towns")
        .drawn(9, 10)
        .offAtStart()
        .keyedByCode()
        .queryable(Queryable.of("code", "镇街代码 town code", Queryable.Type.CODE, "code"))
        .queryable(Queryable.of("name", "名称 name", Queryable.Type.TEXT, "name"))
        .queryable(Queryable.of("nameEn", "English name", Queryable.Type.TEXT, "name_en"))
        .queryable(Queryable.district())
        .build();
  }
}
