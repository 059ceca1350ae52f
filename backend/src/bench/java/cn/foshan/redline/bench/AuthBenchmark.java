package cn.foshan.redline.bench;

import cn.foshan.redline.ServiceClient;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * What logging in costs an API request (issue 17): the same cheap GET ({@code /api/quota}, public)
 * anonymous, with HTTP Basic (the same user and password on every request, as QGIS and scripts send
 * it) and with an API token ({@code Authorization: Bearer}), interleaved request by request on one
 * kept-alive connection each so that the three meet the same machine at the same moments:
 * p50/p90/p99 in ms and the login's cost (p50 minus the anonymous p50). Beside them, the bcrypt
 * comparison of the demo account's password, timed bare: what every Basic request paid before right
 * passwords were remembered.
 */
final class AuthBenchmark {

  private static final String PATH = "/api/quota";
  private static final int WARM_UP = 1_000;
  private static final int SAMPLES = 10_000;
  private static final int BCRYPT_SAMPLES = 50;

  private AuthBenchmark() {}

  static Map<String, Object> measure(String base, HikariDataSource bare) throws Exception {
    String password = ServiceClient.PASSWORDS.get("planner");
    String basic = ServiceClient.basic("planner", password);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> made =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/me/tokens"))
                .header("Authorization", basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"benchmark\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (made.statusCode() != 201) {
      throw new IllegalStateException("no token: " + made.statusCode() + " " + made.body());
    }
    String bearer =
        "Bearer "
            + ServiceClient.json(made.body().getBytes(StandardCharsets.UTF_8))
                .get("secret")
                .asString();

    String[] names = {"anonymous", "basic", "bearer"};
    String[] headers = {null, basic, bearer};
    HttpClient[] clients = new HttpClient[3];
    for (int k = 0; k < 3; k++) {
      clients[k] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }
    List<List<Double>> times = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      times.add(new ArrayList<>(SAMPLES));
    }
    for (int i = 0; i < WARM_UP + SAMPLES; i++) {
      // a different order each round, so that none is always first or last
      for (int j = 0; j < 3; j++) {
        int k = (i + j) % 3;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + PATH)).GET();
        if (headers[k] != null) {
          request.header("Authorization", headers[k]);
        }
        long start = System.nanoTime();
        HttpResponse<byte[]> response =
            clients[k].send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        long end = System.nanoTime();
        if (response.statusCode() != 200) {
          throw new IllegalStateException(
              names[k]
                  + " answered "
                  + response.statusCode()
                  + ": "
                  + new String(response.body(), StandardCharsets.UTF_8));
        }
        if (i >= WARM_UP) {
          times.get(k).add((end - start) / 1e6);
        }
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("path", PATH);
    result.put("samplesEach", SAMPLES);
    Map<String, Double> p50 = new LinkedHashMap<>();
    for (int k = 0; k < 3; k++) {
      Map<String, Object> p = percentiles(times.get(k));
      result.put(names[k], p);
      p50.put(names[k], (Double) p.get("p50Ms"));
    }
    result.put("basicOverAnonymousP50Ms", round3(p50.get("basic") - p50.get("anonymous")));
    result.put("bearerOverAnonymousP50Ms", round3(p50.get("bearer") - p50.get("anonymous")));

    // what a Basic request paid before: one bcrypt comparison of the account's hash
    String hash =
        JdbcClient.create(bare)
            .sql("SELECT password_hash FROM app_user WHERE username = 'planner'")
            .query(String.class)
            .single();
    PasswordEncoder bcrypt = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    List<Double> bcryptTimes = new ArrayList<>();
    for (int i = 0; i < BCRYPT_SAMPLES + 5; i++) {
      long start = System.nanoTime();
      if (!bcrypt.matches(password, hash)) {
        throw new IllegalStateException("the demo password does not match");
      }
      if (i >= 5) {
        bcryptTimes.add((System.nanoTime() - start) / 1e6);
      }
    }
    result.put("bcryptCompareBare", percentiles(bcryptTimes));
    return result;
  }

  private static Map<String, Object> percentiles(List<Double> times) {
    double[] sorted = times.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    Map<String, Object> p = new LinkedHashMap<>();
    for (int q : new int[] {50, 90, 99}) {
      int index = (int) Math.min(sorted.length - 1, Math.ceil(q / 100.0 * sorted.length) - 1);
      p.put("p" + q + "Ms", round3(sorted[Math.max(0, index)]));
    }
    return p;
  }

  private static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
