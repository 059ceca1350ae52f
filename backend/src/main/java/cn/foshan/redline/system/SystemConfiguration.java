package cn.foshan.redline.system;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

  @Bean
  static DatabaseBootstrap databaseBootstrap(ObjectProvider<JdbcConnectionDetails> connection) {
    return new DatabaseBootstrap(connection);
  }

  /** Every connection of the pool starts with the request's statement_timeout. */
  @Bean
  static BeanPostProcessor statementTimeout(Environment environment) {
    Duration timeout =
        environment.getRequiredProperty("redline.db.statement-timeout", Duration.class);
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
          DatabaseLimits.options(pool, timeout);
        }
        return bean;
      }
    };
  }

  /**
   * The migrations run without a statement timeout (spring.flyway.init-sqls); the connections they
   * used are then closed as soon as they are idle, so that no connection without one serves a
   * request.
   */
  @Bean
  FlywayMigrationStrategy migrateWithoutTimeout(ObjectProvider<javax.sql.DataSource> dataSource) {
    return flyway -> {
      flyway.migrate();
      if (dataSource.getIfAvailable() instanceof HikariDataSource pool
          && pool.getHikariPoolMXBean() != null) {
        pool.getHikariPoolMXBean().softEvictConnections();
      }
    };
  }
}
