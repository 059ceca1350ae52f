package cn.foshan.redline.reserve;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.Queryable;
import cn.foshan.redline.maps.SqlLayer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReserveLandLayer {

  @Bean
  FeatureLayer reserveLand() {
    return SqlLayer.of("reserve", "reserve_land", "储备用地", "Reserve land", 9, 40)
        .keepingHistory("reserve_land")
        .filterableBy(
            Queryable.of("code", "储备地块编号 reserve piece code", Queryable.Type.TEXT, "code"),
            Queryable.of("name", "名称 name", Queryable.Type.TEXT, "name"),
            Queryable.of("district", "区 district code", Queryable.Type.CODE, "district_code"),
            Queryable.of(
                "stage",
                "阶段 ACQUIRED, PREPARING, READY, SUPPLIED, STARTED",
                Queryable.Type.TEXT,
                "stage"),
            Queryable.of(
                "stageSince", "进入阶段日期 in its stage since", Queryable.Type.DATE, "stage_since"),
            Queryable.of("ownership", "权属 STATE, COLLECTIVE", Queryable.Type.TEXT, "ownership"),
            Queryable.of(
                "investmentPerMu",
                "固定资产投资强度 investment per mu, 万元/亩",
                Queryable.Type.NUMBER,
                "investment_per_mu"),
            Queryable.of("taxPerMu", "亩均税收 tax per mu, 万元/亩", Queryable.Type.NUMBER, "tax_per_mu"),
            Queryable.of("areaMu", "面积 area, mu (ellipsoidal)", Queryable.Type.NUMBER, "area_mu"),
            Queryable.of("version", "版本 version", Queryable.Type.INTEGER, "version"),
            Queryable.of("updatedAt", "更新时间 updated at", Queryable.Type.TIMESTAMP, "updated_at"));
  }
}
