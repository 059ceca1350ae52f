package cn.foshan.redline.system;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

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

  /**
   * Reads that may lag, on the read replicas of {@code redline.db.read-urls} (READ_DATABASE_URL:
   * comma-separated, each like DATABASE_URL; the service's own login when one names none), or on
   * the primary when there are none.
   */
  @Bean
  ReadRouting readRouting(
      DataSource primary,
      JdbcClient jdbc,
      PlatformTransactionManager transactions,
      JdbcConnectionDetails connection,
      Environment env) {
    String urls = env.getProperty("redline.db.read-urls", "");
    Duration connectTimeout =
        env.getProperty("redline.db.read-connect-timeout", Duration.class, Duration.ofSeconds(1));
    List<Replica> replicas = new ArrayList<>();
    // split before each URL's scheme: a JDBC URL's query may hold commas (currentSchema=a,b)
    for (String url : urls.split(",\\s*(?=jdbc:|postgres://|postgresql://)", -1)) {
      if (!url.isBlank()) {
        replicas.add(
            new Replica(
                replicas.size(),
                DatabaseUrl.toDatasource(url.trim()),
                connection.getUsername(),
                connection.getPassword(),
                env.getProperty("redline.db.read-pool-size", Integer.class, 10),
                connectTimeout,
                env.getRequiredProperty("redline.db.statement-timeout", Duration.class)));
      }
    }
    return new ReadRouting(
        primary,
        jdbc,
        transactions,
        replicas,
        env.getProperty("redline.db.read-max-lag", Duration.class, Duration.ofSeconds(5)),
        env.getProperty("redline.db.read-check-interval", Duration.class, Duration.ofSeconds(1)),
        connectTimeout);
  }

  /** Read-your-writes: a user's writes are remembered by WAL position (when there are replicas). */
  @Bean
  static WebMvcConfigurer ownCommits(ObjectProvider<ReadRouting> reads) {
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        ReadRouting routing = reads.getObject();
        if (routing.replicated()) {
          registry.addInterceptor(routing.ownCommits());
        }
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
