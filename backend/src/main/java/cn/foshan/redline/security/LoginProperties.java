package cn.foshan.redline.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Login throttling: after {@code maxFailures} wrong passwords for a user name within {@code
 * window}, or {@code maxFailuresPerAddress} from one client address, logins for it are refused for
 * {@code window} (even with the right password); at most {@code maxTracked} user names and as many
 * addresses are remembered (the least recently seen are forgotten first).
 *
 * @param maxFailures wrong passwords per user name (default 5)
 * @param maxFailuresPerAddress wrong passwords per client address, any user name (default 30)
 * @param window how long failures count, and how long a login stays refused (default 15 minutes)
 * @param maxTracked user names (and addresses) remembered (default 10,000)
 */
@ConfigurationProperties("redline.login")
record LoginProperties(
    Integer maxFailures, Integer maxFailuresPerAddress, Duration window, Integer maxTracked) {

  LoginProperties {
    maxFailures = maxFailures == null ? 5 : maxFailures;
    maxFailuresPerAddress = maxFailuresPerAddress == null ? 30 : maxFailuresPerAddress;
    window = window == null ? Duration.ofMinutes(15) : window;
    maxTracked = maxTracked == null ? 10_000 : maxTracked;
  }
}
