package cn.foshan.redline.factory;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.SqlLayer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FactoryBuildingLayer {

  @Bean
  FeatureLayer factoryBuilding() {
    return SqlLayer.of(
        "factory", "factory_building", "商品厂房", "Factory buildings for sale or lease", 12, 70);
  }
}
