package cn.foshan.redline.system;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

  /**
   * The service's "now", for every rule about dates (a stage date not after today, …): Foshan's
   * time (China Standard Time, UTC+8, no daylight saving), so that today is Foshan's today. One
   * bean, so that a test can put a fixed or movable clock in its place.
   */
  @Bean
  static Clock clock() {
    return Clock.system(Times.FOSHAN);
  }

  @Bean
  static DatabaseBootstrap databaseBootstrap(
      ObjectProvider<JdbcConnectionDetails> connection, Environment env) {
    return new DatabaseBootstrap(connection, env);
  }

  /** The service's pool names the person it acts for on every connection (V14). */
  @Bean
  static BeanPostProcessor actingDataSource() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof DataSource ds && !(bean instanceof ActingDataSource)
            ? new ActingDataSource(ds)
            : bean;
      }
    };
  }

  /** The schema's owner: the migrations' login, on the service's database. */
  @Bean
  OwnerDatabase ownerDatabase(JdbcConnectionDetails connection, Environment env) {
    String user = env.getProperty("spring.flyway.user", connection.getUsername());
    String password =
        env.getProperty(
            "spring.flyway.password",
            env.containsProperty("spring.flyway.user") ? null : connection.getPassword());
    return new OwnerDatabase(connection.getJdbcUrl(), user, password);
  }

  /**
   * Every connection of the service's pool starts with the request's statement_timeout (the
   * owner's, for migrations and the demo city, has none).
   */
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
}
