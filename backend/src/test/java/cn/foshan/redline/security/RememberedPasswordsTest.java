package cn.foshan.redline.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The remembered password check on its own (no database: nothing spatial): a right password is
 * compared by bcrypt once and then remembered for 5 minutes; a wrong one never; the stored hash is
 * part of what is remembered, so a new hash (a changed password) is compared afresh; the memory is
 * bounded.
 */
@Tag("fast")
class RememberedPasswordsTest {

  /** bcrypt (cost 4: quick), counting the comparisons it really does. */
  private static final class Counting implements PasswordEncoder {
    final PasswordEncoder bcrypt =
        new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(4);
    final AtomicInteger compared = new AtomicInteger();

    @Override
    public String encode(CharSequence raw) {
      return bcrypt.encode(raw);
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
      compared.incrementAndGet();
      return bcrypt.matches(raw, encoded);
    }
  }

  @Test
  void aRightPasswordIsComparedOnceForFiveMinutesAndAWrongOneEveryTime() {
    Counting bcrypt = new Counting();
    AtomicLong nanos = new AtomicLong(1_000);
    RememberedPasswords check = new RememberedPasswords(bcrypt, nanos::get);
    String hash = bcrypt.encode("the-password-1");

    for (int i = 0; i < 10; i++) {
      assertThat(check.matches("the-password-1", hash)).isTrue();
    }
    assertThat(bcrypt.compared.get()).isEqualTo(1);

    for (int i = 0; i < 3; i++) {
      assertThat(check.matches("the-password-2", hash)).isFalse();
    }
    assertThat(bcrypt.compared.get()).isEqualTo(4);
    assertThat(check.size()).isEqualTo(1);

    // a changed password: another hash, compared afresh (the old password is wrong for it)
    String changed = bcrypt.encode("new-password-1");
    assertThat(check.matches("the-password-1", changed)).isFalse();
    assertThat(check.matches("new-password-1", changed)).isTrue();
    assertThat(bcrypt.compared.get()).isEqualTo(6);

    // five minutes on: compared again
    nanos.addAndGet(RememberedPasswords.TTL_NANOS);
    assertThat(check.matches("the-password-1", hash)).isTrue();
    assertThat(bcrypt.compared.get()).isEqualTo(7);
  }

  @Test
  void atMostTenThousandAreRemembered() {
    PasswordEncoder plain =
        new PasswordEncoder() {
          @Override
          public String encode(CharSequence raw) {
            return "plain:" + raw;
          }

          @Override
          public boolean matches(CharSequence raw, String encoded) {
            return encoded.equals("plain:" + raw);
          }
        };
    RememberedPasswords check = new RememberedPasswords(plain);
    for (int i = 0; i < RememberedPasswords.MAX_ENTRIES + 500; i++) {
      assertThat(check.matches("p" + i, "plain:p" + i)).isTrue();
    }
    assertThat(check.size()).isEqualTo(RememberedPasswords.MAX_ENTRIES);
  }
}
