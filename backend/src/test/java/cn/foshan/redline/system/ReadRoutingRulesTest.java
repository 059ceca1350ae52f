package cn.foshan.redline.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The rules of the read routing that live in Java: how far behind a replica is, from the primary's
 * samples; and read-your-writes (a user who writes reads from the primary until a replica has
 * replayed their write).
 */
@Tag("fast")
class ReadRoutingRulesTest {

  @Test
  void aReplicaIsAsFarBehindAsTheOldestSampleItHasNotReplayed() {
    long now = System.nanoTime();
    ReadRouting.Samples samples = new ReadRouting.Samples(60_000_000_000L);
    samples.add(now - 3_000_000_000L, 100);
    samples.add(now - 2_000_000_000L, 200);
    samples.add(now - 1_000_000_000L, 300);
    assertThat(samples.lagMillis(300)).isZero();
    assertThat(samples.lagMillis(250)).isBetween(1_000L, 1_500L);
    assertThat(samples.lagMillis(150)).isBetween(2_000L, 2_500L);
    // not even the oldest sample replayed: how far is unknown, too far
    assertThat(samples.lagMillis(50)).isEqualTo(Long.MAX_VALUE);
    assertThat(samples.newestOlderThan(1_500_000_000L)).isEqualTo(200);
    assertThat(samples.newestOlderThan(10_000_000_000L)).isEqualTo(-1);
  }

  @Test
  void samplesOlderThanTheWindowAreDropped() {
    ReadRouting.Samples samples = new ReadRouting.Samples(1_000_000_000L);
    long now = System.nanoTime();
    samples.add(now - 5_000_000_000L, 100);
    samples.add(now, 200);
    // the old sample is gone: a replica at 150 has not replayed the oldest kept
    assertThat(samples.lagMillis(150)).isEqualTo(Long.MAX_VALUE);
    assertThat(samples.lagMillis(200)).isZero();
  }

  @Test
  void aWriterReadsFromThePrimaryUntilAReplicaHasReplayedTheirWrite() throws Exception {
    long[] primary = {1_000};
    OwnCommits commits = new OwnCommits(() -> primary[0]);
    SecurityContextHolder.getContext()
        .setAuthentication(
            UsernamePasswordAuthenticationToken.authenticated(
                "bureau", null, AuthorityUtils.NO_AUTHORITIES));
    try {
      MockHttpServletRequest put = new MockHttpServletRequest("PUT", "/api/layers/parcel/1");
      MockHttpServletResponse response = new MockHttpServletResponse();
      assertThat(commits.needed("bureau")).isZero();
      commits.preHandle(put, response, new Object());
      // while the write runs: the primary only
      assertThat(commits.needed("bureau")).isEqualTo(Long.MAX_VALUE);
      assertThat(commits.needed("planner")).isZero();
      primary[0] = 2_000;
      commits.afterCompletion(put, response, new Object(), null);
      assertThat(commits.needed("bureau")).isEqualTo(2_000);
      // a read changes nothing
      MockHttpServletRequest get = new MockHttpServletRequest("GET", "/tiles/parcel/1/1/1.mvt");
      commits.preHandle(get, response, new Object());
      commits.afterCompletion(get, response, new Object(), null);
      assertThat(commits.needed("bureau")).isEqualTo(2_000);
      // forgotten once every fit replica must have replayed it
      commits.forgetUpTo(1_999);
      assertThat(commits.needed("bureau")).isEqualTo(2_000);
      commits.forgetUpTo(2_000);
      assertThat(commits.needed("bureau")).isZero();
      assertThat(commits.remembered()).isZero();
    } finally {
      SecurityContextHolder.clearContext();
    }
  }

  @Test
  void nobodyLoggedInWritesNothingToRemember() {
    OwnCommits commits = new OwnCommits(() -> 5);
    MockHttpServletRequest post = new MockHttpServletRequest("POST", "/login");
    commits.preHandle(post, new MockHttpServletResponse(), new Object());
    commits.afterCompletion(post, new MockHttpServletResponse(), new Object(), null);
    assertThat(commits.remembered()).isZero();
    assertThat(commits.needed("")).isZero();
  }
}
