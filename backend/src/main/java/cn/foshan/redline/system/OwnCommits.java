package cn.foshan.redline.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Read-your-writes for {@link ReadRouting}: while a logged-in user's request that may write (any
 * method but GET, HEAD, OPTIONS) runs, that user's reads go to the primary; when it ends, the
 * primary's WAL position ({@code pg_current_wal_lsn()}, past the request's commits) is remembered
 * for the user, and a replica serves them again only once it has replayed that far. Kept per
 * account name (a session, a token and HTTP Basic alike) in this instance's memory; forgotten once
 * every replica fit to serve must have passed it.
 */
final class OwnCommits implements HandlerInterceptor {

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  /** A user's writes: how many run now, and the WAL position after the last one ended. */
  private record Writes(int running, long lsn) {}

  private final Map<String, Writes> byUser = new ConcurrentHashMap<>();
  private final LongSupplier primaryLsn;

  OwnCommits(LongSupplier primaryLsn) {
    this.primaryLsn = primaryLsn;
  }

  /** The WAL position a replica must have replayed to serve this user: MAX_VALUE for none. */
  long needed(String user) {
    if (user.isEmpty()) {
      return 0;
    }
    Writes w = byUser.get(user);
    return w == null ? 0 : w.running() > 0 ? Long.MAX_VALUE : w.lsn();
  }

  /** Forgets the ended writes at or before a position every usable replica has replayed. */
  void forgetUpTo(long lsn) {
    byUser.values().removeIf(w -> w.running() == 0 && w.lsn() <= lsn);
  }

  int remembered() {
    return byUser.size();
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    String user = ActingDataSource.actor();
    if (!READS.contains(request.getMethod()) && !user.isEmpty()) {
      request.setAttribute(OwnCommits.class.getName(), user);
      byUser.merge(user, new Writes(1, 0), (a, b) -> new Writes(a.running() + 1, a.lsn()));
    }
    return true;
  }

  @Override
  public void afterCompletion(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    if (request.getAttribute(OwnCommits.class.getName()) instanceof String user) {
      request.removeAttribute(OwnCommits.class.getName());
      long lsn;
      try {
        lsn = primaryLsn.getAsLong();
      } catch (RuntimeException e) {
        lsn = Long.MAX_VALUE; // the primary unknown: this user reads from it until forgotten
      }
      long after = lsn;
      byUser.compute(
          user,
          (u, w) ->
              w == null
                  ? new Writes(0, after)
                  : new Writes(
                      Math.max(0, w.running() - 1),
                      // a position not known before (MAX_VALUE) is replaced by one known now
                      w.lsn() == Long.MAX_VALUE ? after : Math.max(w.lsn(), after)));
    }
  }
}
