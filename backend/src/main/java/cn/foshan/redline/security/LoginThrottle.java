package cn.foshan.redline.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts wrong passwords by user name and by client address, in memory, and says when a login is to
 * be refused: once a user name has {@code maxFailures} failures within the window (or an address
 * {@code maxFailuresPerAddress}), for the window from the last counted failure, whatever the
 * password. Attempts refused are not counted (they never reach the password check). A success
 * clears its user name's count, not its address's (one good account must not let an address guess
 * at the others). Both maps are bounded, least recently used first out, so that a flood of user
 * names cannot grow memory. The clock is the application's Clock bean if there is one.
 */
@Component
class LoginThrottle {

  private final LoginProperties properties;
  private final Clock clock;
  private final Map<String, Failures> users;
  private final Map<String, Failures> addresses;

  @Autowired
  LoginThrottle(LoginProperties properties, ObjectProvider<Clock> clock) {
    this(properties, clock.getIfAvailable(Clock::systemUTC));
  }

  LoginThrottle(LoginProperties properties, Clock clock) {
    this.properties = properties;
    this.clock = clock;
    this.users = bounded(properties.maxTracked());
    this.addresses = bounded(properties.maxTracked());
  }

  /** Failures counted for a key since the window began, and until when it is refused. */
  private static final class Failures {
    int count;
    Instant since;
    Instant refusedUntil;
  }

  private static Map<String, Failures> bounded(int max) {
    return new LinkedHashMap<>(64, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
        return size() > max;
      }
    };
  }

  /** How long a login for this user name from this address is still refused (empty: allowed). */
  synchronized Optional<Duration> refusal(String username, String address) {
    Instant now = clock.instant();
    Duration wait = Duration.ZERO;
    for (Failures f : new Failures[] {users.get(key(username)), addresses.get(address)}) {
      if (f != null && f.refusedUntil != null && now.isBefore(f.refusedUntil)) {
        Duration left = Duration.between(now, f.refusedUntil);
        wait = left.compareTo(wait) > 0 ? left : wait;
      }
    }
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  /** A wrong password for this user name from this address. */
  synchronized void failed(String username, String address) {
    Instant now = clock.instant();
    count(users, key(username), properties.maxFailures(), now);
    if (address != null) {
      count(addresses, address, properties.maxFailuresPerAddress(), now);
    }
  }

  /** How long logins from this address are still refused, whatever the name (empty: allowed). */
  synchronized Optional<Duration> addressRefusal(String address) {
    Instant now = clock.instant();
    Failures f = addresses.get(address);
    return f != null && f.refusedUntil != null && now.isBefore(f.refusedUntil)
        ? Optional.of(Duration.between(now, f.refusedUntil))
        : Optional.empty();
  }

  /** A failed login with no user name (a wrong API token): counted for the address only. */
  synchronized void failedFromAddress(String address) {
    if (address != null) {
      count(addresses, address, properties.maxFailuresPerAddress(), clock.instant());
    }
  }

  /** A login that succeeded: its user name starts afresh. */
  synchronized void succeeded(String username) {
    users.remove(key(username));
  }

  private void count(Map<String, Failures> map, String key, int max, Instant now) {
    Failures f = map.computeIfAbsent(key, k -> new Failures());
    if (f.since == null || !now.isBefore(f.since.plus(properties.window()))) {
      f.count = 0;
      f.since = now;
      f.refusedUntil = null;
    }
    if (++f.count >= max) {
      f.refusedUntil = now.plus(properties.window());
    }
  }

  private static String key(String username) {
    return username == null ? "" : username.toLowerCase(Locale.ROOT);
  }
}
