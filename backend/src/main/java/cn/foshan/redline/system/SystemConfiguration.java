package cn.foshan.redline.system;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

  @Bean
  static DatabaseBootstrap databaseBootstrap(ObjectProvider<JdbcConnectionDetails> connection) {
    return new DatabaseBootstrap(connection);
  }
}
