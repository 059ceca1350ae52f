package cn.foshan.redline.reserve;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.SqlLayer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReserveLandLayer {

  @Bean
  FeatureLayer reserveLand() {
    return SqlLayer.of("reserve", "reserve_land", "储备用地", "Reserve land", 9, 40).keepingHistory();
  }
}
