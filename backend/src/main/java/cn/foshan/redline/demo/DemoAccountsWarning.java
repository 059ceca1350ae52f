package cn.foshan.redline.demo;

import cn.foshan.redline.security.UserAccounts;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says loudly at start when a demo account still has its published password (README) while the
 * service listens on an address other machines reach (server.address unset, a wildcard, or not a
 * loopback address): anyone on the network could then log in as the administrator.
 */
@Component
class DemoAccountsWarning implements ApplicationListener<ApplicationReadyEvent> {

  private static final Logger log = LoggerFactory.getLogger(DemoAccountsWarning.class);

  private final UserAccounts accounts;
  private final Environment env;

  DemoAccountsWarning(UserAccounts accounts, Environment env) {
    this.accounts = accounts;
    this.env = env;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    String address = env.getProperty("server.address");
    if (!reachableFromOthers(address)) {
      return;
    }
    List<String> open = withPublishedPasswords();
    if (!open.isEmpty()) {
      log.warn(
          """

          **********************************************************************
          * 演示账户仍使用公开的密码，而服务监听在 {}，其他机器可以访问：
          * Demo accounts still have their published passwords (README) while
          * the service listens on {}, which other machines reach:
          *   {}
          * 请修改它们的密码（./redline user passwd NAME）或停用它们
          * （./redline user disable NAME），或用 --no-demo 建立数据库，
          * 或只监听本机（--address 127.0.0.1）。
          * Change their passwords, disable them, start with --no-demo, or
          * listen on 127.0.0.1 only.
          **********************************************************************""",
          address == null || address.isBlank() ? "所有地址 all addresses" : address,
          address == null || address.isBlank() ? "every address" : address,
          String.join(", ", open));
    }
  }

  /** The demo accounts that are enabled and still have the README's password. */
  List<String> withPublishedPasswords() {
    List<String> open = new ArrayList<>();
    for (String[] user : DemoUsersInitializer.USERS) {
      if (accounts.hasPassword(user[0], user[4])) {
        open.add(user[0]);
      }
    }
    return open;
  }

  /**
   * Whether a server bound to this address (null: every address) is reached from other machines.
   */
  static boolean reachableFromOthers(String address) {
    if (address == null || address.isBlank()) {
      return true;
    }
    try {
      return !InetAddress.getByName(address.strip()).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return true;
    }
  }
}
