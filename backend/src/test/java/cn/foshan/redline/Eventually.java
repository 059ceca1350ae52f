package cn.foshan.redline;

import java.time.Duration;

/**
 * Waiting in a test for what happens on another thread, in another process or in the database: the
 * condition is asked again and again until it holds, pausing 1 ms at first and then twice as long
 * each time up to 100 ms; after the timeout the test fails, naming what it waited for. Tests never
 * sleep for a fixed time in the hope that something has happened by then: they wait here for the
 * thing itself.
 */
public final class Eventually {

  /** What a test waits for; it may throw (a failed assertion ends the wait at once). */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  private Eventually() {}

  /** Returns as soon as {@code condition} holds; fails the test after {@code timeout}. */
  public static void until(String what, Duration timeout, Condition condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMillis = 1;
    while (!condition.holds()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("waited " + timeout + " in vain for " + what);
      }
      Thread.sleep(pauseMillis);
      pauseMillis = Math.min(100, pauseMillis * 2);
    }
  }
}
