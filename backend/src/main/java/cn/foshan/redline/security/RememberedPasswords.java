package cn.foshan.redline.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The login check's password comparison, remembering the passwords it found right for a short
 * while, so that HTTP Basic (a password on every request) costs one bcrypt per client every few
 * minutes, not one per request (~50 ms). Only the successes are remembered, as HMAC-SHA256 under a
 * key drawn at random when the service starts (never stored) of the account's stored hash and the
 * password: no password, nor anything from which one could be guessed without the key, is kept.
 *
 * <p>The stored hash is part of what is remembered, and the login check reads the account afresh on
 * every request (as it always did): a changed password (a new hash, by whoever changed it: the
 * administrator's page, {@code ./redline user}, psql) finds nothing remembered from the next
 * request on; a disabled account is refused before any password is compared; a changed role or
 * district is what the fresh account says. Wrong passwords are never remembered: each costs a
 * bcrypt and is counted by the login throttle as before. At most {@value #MAX_ENTRIES} entries,
 * each for at most {@link #TTL_NANOS} (5 minutes), the least recently used dropped first.
 */
final class RememberedPasswords implements PasswordEncoder {

  /** How long a right password is remembered. */
  static final long TTL_NANOS = 5L * 60 * 1_000_000_000L;

  static final int MAX_ENTRIES = 10_000;

  private final PasswordEncoder delegate;
  private final SecretKeySpec key;
  private final LongSupplier nanos;

  /** When each remembered success was checked (System.nanoTime()), by its HMAC. */
  private final Map<ByteBuffer, Long> remembered =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Long> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  RememberedPasswords(PasswordEncoder delegate) {
    this(delegate, System::nanoTime);
  }

  RememberedPasswords(PasswordEncoder delegate, LongSupplier nanos) {
    this.delegate = delegate;
    this.nanos = nanos;
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  @Override
  public String encode(CharSequence rawPassword) {
    return delegate.encode(rawPassword);
  }

  @Override
  public boolean matches(CharSequence rawPassword, String encodedPassword) {
    if (rawPassword == null || encodedPassword == null) {
      return delegate.matches(rawPassword, encodedPassword);
    }
    ByteBuffer mac = ByteBuffer.wrap(mac(encodedPassword, rawPassword));
    long now = nanos.getAsLong();
    synchronized (remembered) {
      Long at = remembered.get(mac);
      if (at != null) {
        if (now - at < TTL_NANOS) {
          return true;
        }
        remembered.remove(mac);
      }
    }
    boolean right = delegate.matches(rawPassword, encodedPassword);
    if (right) {
      synchronized (remembered) {
        remembered.put(mac, now);
      }
    }
    return right;
  }

  @Override
  public boolean upgradeEncoding(String encodedPassword) {
    return delegate.upgradeEncoding(encodedPassword);
  }

  /** How many successes are remembered now (for tests). */
  int size() {
    synchronized (remembered) {
      return remembered.size();
    }
  }

  private byte[] mac(String encodedPassword, CharSequence rawPassword) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] hash = encodedPassword.getBytes(StandardCharsets.UTF_8);
      // the length first, so that no other (hash, password) pair gives the same input
      mac.update(ByteBuffer.allocate(4).putInt(hash.length).array());
      mac.update(hash);
      return mac.doFinal(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
