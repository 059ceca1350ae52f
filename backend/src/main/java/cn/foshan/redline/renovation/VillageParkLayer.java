package cn.foshan.redline.renovation;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.SqlLayer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class VillageParkLayer {

  @Bean
  FeatureLayer villagePark() {
    return SqlLayer.of("renovation", "village_park", "村级工业园", "Village industrial parks", 10, 50)
        .keepingHistory();
  }
}
