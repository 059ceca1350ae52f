package cn.foshan.redline.parcel;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.SqlLayer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ParcelLayer {

  @Bean
  FeatureLayer parcel() {
    return SqlLayer.of("parcel", "parcel", "宗地", "Parcels", 13, 60).keepingHistory();
  }
}
