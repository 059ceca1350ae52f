package cn.foshan.redline.system;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Reads the conventional {@code DATABASE_URL} ({@code postgres://user:password@host:port/db} or a
 * {@code jdbc:postgresql:} URL) into the Spring datasource settings, its login serving as the
 * migrations' (owner's) login too; {@code DATABASE_OWNER_URL}, in the same form, names the owner's
 * login apart (V14: the service then runs with the least privilege). Explicit {@code
 * spring.datasource.*} and {@code spring.flyway.*} settings (command line, SPRING_DATASOURCE_URL,
 * …) still win.
 */
public class DatabaseUrl implements EnvironmentPostProcessor {

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    String value = environment.getProperty("DATABASE_URL");
    if (value == null || value.isBlank()) {
      return;
    }
    Map<String, Object> properties = toDatasource(value.trim());
    String owner = environment.getProperty("DATABASE_OWNER_URL");
    properties.putAll(
        owner == null || owner.isBlank() ? ownerFrom(properties) : ownerFrom(toDatasource(owner)));
    MapPropertySource source = new MapPropertySource("DATABASE_URL", properties);
    if (environment
        .getPropertySources()
        .contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
      environment
          .getPropertySources()
          .addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
    } else {
      environment.getPropertySources().addLast(source);
    }
  }

  /** The migrations' login from datasource settings: spring.flyway.user and password. */
  static Map<String, Object> ownerFrom(Map<String, Object> datasource) {
    Map<String, Object> owner = new LinkedHashMap<>();
    owner.put("spring.flyway.url", datasource.get("spring.datasource.url"));
    if (datasource.containsKey("spring.datasource.username")) {
      owner.put("spring.flyway.user", datasource.get("spring.datasource.username"));
      owner.put(
          "spring.flyway.password", datasource.getOrDefault("spring.datasource.password", ""));
    }
    return owner;
  }

  static Map<String, Object> toDatasource(String url) {
    Map<String, Object> properties = new LinkedHashMap<>();
    if (url.startsWith("jdbc:")) {
      properties.put("spring.datasource.url", url);
      return properties;
    }
    URI uri = URI.create(url);
    if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "DATABASE_URL must look like postgres://user:password@host:5432/database, not " + url);
    }
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    StringBuilder jdbc =
        new StringBuilder("jdbc:postgresql://").append(uri.getHost()).append(':').append(port);
    jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    if (uri.getRawQuery() != null) {
      jdbc.append('?').append(uri.getRawQuery());
    }
    properties.put("spring.datasource.url", jdbc.toString());
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      properties.put("spring.datasource.username", URLDecoder.decode(user, StandardCharsets.UTF_8));
      if (colon >= 0) {
        properties.put(
            "spring.datasource.password",
            URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8));
      }
    }
    return properties;
  }
}
