package cn.foshan.redline;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Foshan's industrial land: clusters, red line, reserve land, village parks, parcels and maps. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RedlineApplication {

  public static void main(String[] args) {
    SpringApplication.run(RedlineApplication.class, args);
  }
}
