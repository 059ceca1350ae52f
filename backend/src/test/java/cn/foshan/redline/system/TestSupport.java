package cn.foshan.redline.system;

/** Lets tests use the service's own database bootstrap. */
public final class TestSupport {

  private TestSupport() {}

  public static void ensureDatabase(String url, String user, String password) {
    DatabaseBootstrap.ensureDatabase(url, user, password);
  }
}
