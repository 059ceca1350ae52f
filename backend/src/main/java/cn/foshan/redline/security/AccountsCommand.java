package cn.foshan.redline.security;

import cn.foshan.redline.security.UserAccounts.Account;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.OwnerDatabase;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code ./redline user …}: the administrator's accounts from the command line, for the first
 * administrator of a database started without the demo, and for when nobody can log in. It reads
 * the service's own settings (application.properties, DATABASE_URL, SPRING_DATASOURCE_URL, {@code
 * --name=value} arguments) without starting the service, connects as the schema's owner (the
 * migrations' login) and makes its changes through {@link UserAccounts}, so the rules and the
 * hashing are the service's. A password comes from the terminal (asked twice, not shown) or, when
 * the input is not a terminal, from its first line.
 *
 * <pre>
 * user add NAME --role bureau|district|planner|admin [--district CODE] [--display 名称]
 * user passwd NAME | user disable NAME | user enable NAME | user list
 * </pre>
 *
 * Exit status 0 done, 1 refused (the reason on standard error, Chinese first), 2 wrong usage.
 */
public final class AccountsCommand {

  static final String USAGE =
      """
      用法 Usage:
        ./redline user add NAME --role bureau|district|planner|admin [--district CODE] [--display 名称] [--database DB]
        ./redline user passwd NAME    设置密码 set the password
        ./redline user disable NAME   停用 disable (enable: 启用)
        ./redline user list           列出账户 list the accounts
      密码从终端输入两次（不回显），或从标准输入的第一行读取。
      The password is asked twice on a terminal, or read from the first line of standard input.""";

  private static final Set<String> OPTIONS = Set.of("role", "district", "display");

  /** Only the environment of the service's settings: no beans, no web server, no migrations. */
  private static final class Settings {}

  private AccountsCommand() {}

  /** {@code java -jar redline-exec.jar user …} (RedlineApplication hands over). */
  public static void main(String[] args) {
    System.exit(run(args, terminal(), System.in, System.out, System.err));
  }

  /** The console when the input is a terminal, else null. */
  @SuppressWarnings("SystemConsoleNull") // Java 22+: isTerminal() is asked below
  private static Console terminal() {
    Console console = System.console();
    if (console == null) {
      return null;
    }
    try { // Java 22+ hands out a console for redirected input too; it says whether it is one
      Object isTerminal = Console.class.getMethod("isTerminal").invoke(console);
      return Boolean.TRUE.equals(isTerminal) ? console : null;
    } catch (ReflectiveOperationException e) {
      return console; // Java 17–21: a console only for a terminal
    }
  }

  /**
   * Runs one command; arguments {@code --name=value} are the service's settings (e.g. {@code
   * --spring.datasource.url=…}). A null console reads the password from {@code in}.
   */
  static int run(String[] args, Console console, InputStream in, PrintStream out, PrintStream err) {
    List<String> words = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    List<String> settings = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("--")) {
        int eq = a.indexOf('=');
        String name = a.substring(2, eq < 0 ? a.length() : eq);
        if (OPTIONS.contains(name)) {
          if (eq >= 0) {
            options.put(name, a.substring(eq + 1));
          } else if (i + 1 < args.length) {
            options.put(name, args[++i]);
          } else {
            return usage(err, "选项 --" + name + " 缺少值（--" + name + " needs a value）");
          }
        } else if (eq > 2) {
          settings.add(a);
        } else {
          return usage(err, "不认识的选项 " + a + "（unknown option）");
        }
      } else {
        words.add(a);
      }
    }
    if (words.isEmpty()) {
      return usage(err, null);
    }
    String verb = words.get(0);
    int names = verb.equals("list") ? 1 : 2;
    if (!Set.of("add", "passwd", "disable", "enable", "list").contains(verb)) {
      return usage(err, "不认识的命令 " + verb + "（unknown command）");
    }
    if (words.size() != names) {
      return usage(
          err, names == 2 ? "须给出一个用户名（one user name）" : "list 不带参数（list takes no arguments）");
    }
    if (!verb.equals("add") && !options.isEmpty()) {
      return usage(err, "--role、--district、--display 只用于 add（options of add only）");
    }
    Role role = null;
    if (verb.equals("add")) {
      String r = options.get("role");
      if (r == null) {
        return usage(err, "add 须指定 --role（bureau、district、planner 或 admin）");
      }
      try {
        role = Role.valueOf(r.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        return usage(err, "没有角色 " + r + "，可选 bureau、district、planner、admin（unknown role）");
      }
    }
    try (ConfigurableApplicationContext context = settings(settings)) {
      Environment env = context.getEnvironment();
      OwnerDatabase owner = OwnerDatabase.fromSettings(env);
      JdbcClient jdbc = owner.jdbc();
      String database = env.getProperty("spring.datasource.url");
      if (!schemaPresent(jdbc)) {
        err.println(
            "redline: 数据库中还没有 redline 的表（"
                + database
                + "）：先用 ./redline run 启动一次服务，它会建立表结构。"
                + " No schema yet: start the service once (./redline run).");
        return 1;
      }
      UserAccounts accounts = new UserAccounts(jdbc, UserAccounts.encoder());
      String name = names == 2 ? words.get(1) : null;
      switch (verb) {
        case "add" -> {
          String password = password(console, in, err, "新账户 " + name + " 的密码 Password");
          if (password == null) {
            return 1;
          }
          Account a =
              accounts.create(
                  jdbc, name, options.get("display"), password, role, options.get("district"));
          out.println(
              "已创建账户 "
                  + a.username()
                  + "（"
                  + a.role().name().toLowerCase(Locale.ROOT)
                  + (a.districtCode() == null ? "" : " " + a.districtCode())
                  + "）Created account "
                  + a.username());
        }
        case "passwd" -> {
          if (accounts.find(jdbc, name).isEmpty()) {
            throw UserAccounts.unknown(name);
          }
          String password = password(console, in, err, name + " 的新密码 New password");
          if (password == null) {
            return 1;
          }
          accounts.setPassword(jdbc, name, password);
          out.println("已设置 " + name + " 的密码 Password set");
        }
        case "disable", "enable" -> {
          boolean enable = verb.equals("enable");
          accounts.setEnabled(jdbc, name, enable);
          out.println(
              (enable ? "已启用账户 " : "已停用账户 ") + name + (enable ? " Enabled " : " Disabled ") + name);
        }
        default -> list(accounts, jdbc, out);
      }
      return 0;
    } catch (ApiException e) {
      err.println("redline: " + e.getMessage());
      return 1;
    } catch (DataAccessException e) {
      err.println(
          "redline: 无法以数据库所有者的登录连接或写入数据库（cannot reach the database as the"
              + " schema's owner）: "
              + e.getMostSpecificCause().getMessage());
      return 1;
    }
  }

  private static ConfigurableApplicationContext settings(List<String> settings) {
    SpringApplication app = new SpringApplication(Settings.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setBannerMode(Banner.Mode.OFF);
    app.setLogStartupInfo(false);
    app.setDefaultProperties(Map.of("logging.level.root", "WARN"));
    return app.run(settings.toArray(new String[0]));
  }

  private static boolean schemaPresent(JdbcClient jdbc) {
    return jdbc.sql("SELECT to_regclass('app_user') IS NOT NULL").query(Boolean.class).single();
  }

  private static void list(UserAccounts accounts, JdbcClient jdbc, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%-32s %-9s %-8s %-7s %s%n",
        "用户名 username",
        "角色 role",
        "区 district",
        "启用 enabled",
        "显示名称 display");
    int page = AccountsController.MAX_LIMIT;
    for (int offset = 0; ; offset += page) {
      List<Account> accountsPage = accounts.list(jdbc, offset, page);
      for (Account a : accountsPage) {
        out.printf(
            Locale.ROOT,
            "%-32s %-9s %-8s %-7s %s%n",
            a.username(),
            a.role().name().toLowerCase(Locale.ROOT),
            a.districtCode() == null ? "-" : a.districtCode(),
            a.enabled() ? "yes" : "no",
            a.displayName());
      }
      if (accountsPage.size() < page) {
        return;
      }
    }
  }

  /** The password: typed twice on a terminal, or the first line of the input; null if none. */
  private static String password(Console console, InputStream in, PrintStream err, String prompt) {
    if (console != null) {
      char[] first = console.readPassword("%s: ", prompt);
      char[] second = console.readPassword("再输入一次 Again: ");
      if (first == null || second == null || !Arrays.equals(first, second)) {
        err.println("redline: 两次输入的密码不一致（the passwords differ）");
        return null;
      }
      return new String(first);
    }
    try {
      String line =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      if (line == null || line.isEmpty()) {
        err.println("redline: 标准输入中没有密码（no password on standard input）");
        return null;
      }
      return line;
    } catch (IOException e) {
      err.println("redline: 读不到密码（cannot read the password）: " + e.getMessage());
      return null;
    }
  }

  private static int usage(PrintStream err, String problem) {
    if (problem != null) {
      err.println("redline: " + problem);
    }
    err.println(USAGE);
    return 2;
  }
}
